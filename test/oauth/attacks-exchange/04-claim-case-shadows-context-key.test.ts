// Token exchange attack finding 04 (issue 16, fixed): condition keys are case-insensitive, claims are not. `subject:<claim>` is built
// from every claim of the subject token, so a claim that differs from a real one only by case
// (a PreTokenGeneration trigger may add `CLIENT_ID`, `Scope`, `USERNAME`, `Sub`...: only the
// exact lower-case names are protected) overwrites the real claim's value for the policies: the
// later claim wins when the context is lower-cased.
import { describe, expect, it } from "vitest";
import { exchangeDecision } from "../../../src/oauth/exchange/policy.js";
import { parsePolicy } from "../../../src/policy/parse.js";
import { mayChange } from "../../../src/user-pool/tokens/overrides.js";

const ctx = { region: "us-east-1", accountId: "000000000000" };
const ONLY_WEB_APP_TOKENS = parsePolicy(
  {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: "cognito-idp:TokenExchange",
        Resource: "*",
        Condition: { StringEquals: { "subject:client_id": "web-app-id", "subject:username": "alice" } },
      },
    ],
  },
  "test",
  { kind: "identity" },
);

const facts = (subject: Record<string, unknown>) => ({
  poolId: "us-east-1_AbCdEfGhI",
  client: { id: "gw", name: "orders-gateway" },
  audience: "https://orders.example.com",
  scopes: ["https://orders.example.com/read"],
  subject,
  now: Date.now(),
  secure: true,
});

describe("04 a claim differing only by case shadows the real claim's condition key", () => {
  it("a trigger may add such claims to an access token", () => {
    expect(mayChange("client_id", "access")).toBe(false);
    expect(mayChange("CLIENT_ID", "access")).toBe(true);
    expect(mayChange("USERNAME", "access")).toBe(true);
  });

  it("decides on the real claim, not on its case-variant", () => {
    const real = { sub: "s", client_id: "some-other-app", username: "mallory", token_use: "access" };
    expect(exchangeDecision(ctx, [ONLY_WEB_APP_TOKENS], facts(real)).decision).toBe("ImplicitDeny");
    // The same token with trigger-added look-alikes (appended after the real claims, as
    // applyChanges appends them).
    const shadowed = { ...real, CLIENT_ID: "web-app-id", USERNAME: "alice" };
    expect(exchangeDecision(ctx, [ONLY_WEB_APP_TOKENS], facts(shadowed)).decision).not.toBe("Allow");
  });
});
