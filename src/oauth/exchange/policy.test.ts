import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../policy/parse.js";
import { exchangeDecision, exchangePolicyRequest, type ExchangeFacts, resourceServerArn } from "./policy.js";

const ctx = { region: "us-east-1", accountId: "000000000000" };
const facts: ExchangeFacts = {
  poolId: "us-east-1_AbC",
  client: { id: "backend1", name: "checkout-backend" },
  audience: "https://orders.example.com",
  scopes: ["https://orders.example.com/read"],
  subject: {
    sub: "u-1",
    username: "alice",
    "cognito:groups": ["staff", "eu"],
    scope: "openid https://orders.example.com/read",
    client_id: "web",
    act: { sub: "svc" },
  },
  now: Date.UTC(2025, 0, 2, 3, 4, 5),
  secure: true,
  sourceIp: "::ffff:203.0.113.7",
};
const policy = (...Statement: object[]) => parsePolicy({ Version: "2012-10-17", Statement }, "exchange.json");
const allow = (extra: object = {}) => ({
  Effect: "Allow",
  Action: "cognito-idp:TokenExchange",
  Resource: "arn:aws:cognito-idp:*:*:userpool/*/resource-server/https://orders.example.com",
  ...extra,
});

describe("exchangePolicyRequest", () => {
  it("asks cognito-idp:TokenExchange on the resource server's ARN, with the documented keys", () => {
    const request = exchangePolicyRequest(ctx, { ...facts, actor: { sub: "svc-b", client_id: "svc-b" } });
    expect(request.action).toBe("cognito-idp:TokenExchange");
    expect(request.resource).toBe(
      "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_AbC/resource-server/https://orders.example.com",
    );
    expect(request.resource).toBe(resourceServerArn(ctx, facts.poolId, facts.audience));
    expect(request.context).toMatchObject({
      "cognito-idp:ClientId": "backend1",
      "cognito-idp:ClientName": "checkout-backend",
      "cognito-idp:UserPoolId": "us-east-1_AbC",
      "cognito-idp:Audience": "https://orders.example.com",
      "cognito-idp:Scope": ["https://orders.example.com/read"],
      "cognito-idp:Delegation": "true",
      "subject:sub": "u-1",
      "subject:cognito:groups": ["staff", "eu"],
      "subject:scope": ["openid", "https://orders.example.com/read"],
      "subject:act": undefined,
      "actor:sub": "svc-b",
      "aws:CurrentTime": "2025-01-02T03:04:05Z",
      "aws:SecureTransport": "true",
      "aws:SourceIp": "203.0.113.7",
    });
    expect(exchangePolicyRequest(ctx, facts).context).toMatchObject({ "cognito-idp:Delegation": "false" });
    expect(Object.keys(exchangePolicyRequest(ctx, facts).context!).some((k) => k.startsWith("actor:"))).toBe(
      false,
    );
  });
});

describe("exchangeDecision", () => {
  it("refuses everything without policies", () => {
    expect(exchangeDecision(ctx, [], facts).decision).toBe("ImplicitDeny");
  });

  it("allows what a statement allows, for the client it names", () => {
    const byName = policy(
      allow({ Condition: { StringEquals: { "cognito-idp:ClientName": "checkout-backend" } } }),
    );
    expect(exchangeDecision(ctx, [byName], facts).decision).toBe("Allow");
    expect(
      exchangeDecision(ctx, [byName], { ...facts, client: { id: "other", name: "other" } }).decision,
    ).toBe("ImplicitDeny");
    expect(
      exchangeDecision(ctx, [byName], { ...facts, audience: "https://stock.example.com" }).decision,
    ).toBe("ImplicitDeny");
  });

  it("lets a Deny on the subject's groups or scopes win, and conditions read the actor", () => {
    const policies = [
      policy(
        allow(),
        {
          Effect: "Deny",
          Action: "cognito-idp:TokenExchange",
          Resource: "*",
          Condition: { "ForAnyValue:StringEquals": { "subject:cognito:groups": "suspended" } },
        },
        {
          Effect: "Deny",
          Action: "cognito-idp:TokenExchange",
          Resource: "*",
          Condition: {
            Bool: { "cognito-idp:Delegation": "true" },
            StringNotEquals: { "actor:client_id": "${cognito-idp:ClientId}" },
          },
        },
      ),
    ];
    expect(exchangeDecision(ctx, policies, facts).decision).toBe("Allow");
    const suspended = { ...facts.subject, "cognito:groups": ["staff", "suspended"] };
    expect(exchangeDecision(ctx, policies, { ...facts, subject: suspended }).decision).toBe("ExplicitDeny");
    expect(
      exchangeDecision(ctx, policies, { ...facts, actor: { sub: "svc", client_id: "backend1" } }).decision,
    ).toBe("Allow");
    expect(
      exchangeDecision(ctx, policies, { ...facts, actor: { sub: "svc", client_id: "stranger" } }).decision,
    ).toBe("ExplicitDeny");
  });
});
