// Token exchange attack finding 03 (issue 16, fixed): a client that no token-exchange policy allows anything still learns, from the
// order of the checks, which resource servers the pool has (invalid_target vs
// unauthorized_client), which scopes a subject token carries (invalid_scope naming them), and the
// state of the subject's account ("User is disabled.", "Access Token has been revoked"): the
// policy decision comes last.
import { AdminDisableUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { user } from "../server.js";
import { codeTokens, exchangeBy, exchangeFixture, ORDERS, READ } from "./fixture.js";

const fx = exchangeFixture();

describe("03 a client no policy allows learns resource servers, scopes and account state", () => {
  it("answers every exchange of an unauthorized client alike", async () => {
    const { access_token: subject } = await codeTokens(fx, "alice", [READ]);
    // "intruder" is confidential, OAuth on, but named in no Allow.
    const missing = await exchangeBy(fx, fx.intruder, subject, { audience: "https://payroll.example.com" });
    const present = await exchangeBy(fx, fx.intruder, subject, { audience: "stock" });
    const scopeProbe = await exchangeBy(fx, fx.intruder, subject, {
      audience: ORDERS,
      scope: `${ORDERS}/write`,
    });
    await user(fx.server, fx.poolId, "carol");
    const { access_token: carols } = await codeTokens(fx, "carol", [READ]);
    await fx.server.sdk.send(new AdminDisableUserCommand({ UserPoolId: fx.poolId, Username: "carol" }));
    const accountProbe = await exchangeBy(fx, fx.intruder, carols);
    for (const r of [missing, present, scopeProbe, accountProbe])
      expect(r.body.error, r.text).toBe("unauthorized_client");
  });
});
