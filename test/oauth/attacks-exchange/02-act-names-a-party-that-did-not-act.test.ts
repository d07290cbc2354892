// Token exchange attack finding 02 (issue 16, fixed): the actor token may be any live access token of the pool, including a token that was
// exchanged FOR a downstream API (it carries that API's `aud`) and handed to it as a bearer token.
// The downstream ("orders-api", allowed to delegate to stock) presents it as actor_token: the new
// token's `act` names the orders gateway (`client_id` of the replayed token) and the user, neither
// of whom acted; the party that did act (the authenticated client) appears nowhere in `act`.
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import {
  ACCESS_TOKEN,
  codeTokens,
  DEFAULT_POLICIES,
  exchangeBy,
  exchangeFixture,
  ORDERS,
  policy,
  READ,
} from "./fixture.js";

const fx = exchangeFixture([
  ...DEFAULT_POLICIES,
  policy({
    Sid: "OrdersApiDelegatesToStock",
    Effect: "Allow",
    Action: "cognito-idp:TokenExchange",
    Resource: "arn:aws:cognito-idp:*:*:userpool/*/resource-server/stock",
    Condition: {
      StringEquals: { "cognito-idp:ClientName": "intruder" },
      Bool: { "cognito-idp:Delegation": "true" },
    },
  }),
]);

describe("02 act can name a party that did not act", () => {
  it("refuses an actor token that is not the exchanging client's own, or that is audience-restricted to another API", async () => {
    const { access_token: subject } = await codeTokens(fx, "alice", [READ, "stock/read"]);
    // The gateway exchanges alice's token for the orders API and sends it there.
    const forOrders = await exchangeBy(fx, fx.gateway, subject, { audience: ORDERS });
    expect(forOrders.status, forOrders.text).toBe(200);
    const received = String(forOrders.body.access_token);
    expect(decodeJwt(received).aud).toBe(ORDERS);

    // The orders API ("intruder" here) replays what it received as the actor token.
    const delegated = await exchangeBy(fx, fx.intruder, subject, {
      audience: "stock",
      actor_token: received,
      actor_token_type: ACCESS_TOKEN,
    });
    if (delegated.status === 200)
      console.log(
        "act of the delegated token:",
        decodeJwt(String(delegated.body.access_token)).act,
        "client:",
        fx.intruder.ClientId,
        "gateway:",
        fx.gateway.ClientId,
      );
    expect(delegated.status, delegated.text).toBe(400);
    expect(delegated.body.error).toBe("invalid_request");
  });
});
