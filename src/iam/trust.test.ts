import { describe, expect, it } from "vitest";
import { IDENTITY, POOL, USER_POOL_PROVIDER, cognitoTrust } from "./fixtures.testing.js";
import { resolveRole } from "./roles.js";
import { trustsWebIdentity, webIdentityTrustContext } from "./trust.js";
import { COGNITO_IDENTITY } from "./web-identity.js";

const now = Date.UTC(2024, 0, 1);
const role = (trust: object) => resolveRole("Reader", { AssumeRolePolicyDocument: trust }, "roles.Reader");

const AUTHENTICATED = ["authenticated", USER_POOL_PROVIDER, `${USER_POOL_PROVIDER}:CognitoSignIn:abc`];

function ask(
  trust: object,
  { aud = POOL, amr = AUTHENTICATED, tags = {}, federated = COGNITO_IDENTITY, tagSession = false } = {},
) {
  const context = webIdentityTrustContext(
    federated,
    { audience: aud, subject: IDENTITY, amr },
    { now },
    tags,
  );
  return trustsWebIdentity(role(trust), { federated, context, tagSession });
}

describe("trustsWebIdentity, Cognito Identity", () => {
  it("allows the identity pool's authenticated identities into the authenticated role", () => {
    expect(ask(cognitoTrust())).toEqual({ allowed: true });
  });

  it("refuses another identity pool (aud mismatch), naming the condition", () => {
    const decision = ask(cognitoTrust(), { aud: "us-east-1:00000000-0000-4000-8000-000000000000" });
    expect(decision.allowed).toBe(false);
    if (decision.allowed) return;
    expect(decision.action).toBe("sts:AssumeRoleWithWebIdentity");
    expect(decision.result.decision).toBe("ImplicitDeny");
    expect(decision.explanation.join("\n")).toMatch(
      /StringEquals failed: .*cognito-identity\.amazonaws\.com:aud/,
    );
  });

  it("keeps unauthenticated identities out of the authenticated role, and the other way round", () => {
    expect(ask(cognitoTrust(), { amr: ["unauthenticated"] }).allowed).toBe(false);
    expect(ask(cognitoTrust("unauthenticated"), { amr: ["unauthenticated"] }).allowed).toBe(true);
    expect(ask(cognitoTrust("unauthenticated")).allowed).toBe(false);
  });

  it("reads amr as multivalued: ForAnyValue finds a value anywhere, and an empty amr matches nothing", () => {
    const byProvider = cognitoTrust(USER_POOL_PROVIDER);
    expect(ask(byProvider).allowed).toBe(true);
    expect(ask(byProvider, { amr: ["authenticated", "accounts.google.com"] }).allowed).toBe(false);
    const wildcard = cognitoTrust("cognito-idp.*");
    expect(ask(wildcard).allowed).toBe(true);
    expect(ask(cognitoTrust(), { amr: [] }).allowed).toBe(false);
  });

  it("a plain StringLike on the multivalued amr never holds", () => {
    const trust = cognitoTrust();
    const statement = trust.Statement[0]!;
    const single = {
      ...trust,
      Statement: [
        {
          ...statement,
          Condition: {
            StringEquals: statement.Condition.StringEquals,
            StringLike: { "cognito-identity.amazonaws.com:amr": "authenticated" },
          },
        },
      ],
    };
    // A multivalued key needs ForAnyValue: or ForAllValues: (iam-simulate's reading, AWS's too):
    // a plain StringLike on amr holds for no identity, and the explanation says why.
    const decision = ask(single);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.explanation.join("\n")).toMatch(/is multivalued/);
    expect(ask(single, { amr: ["authenticated"] }).allowed).toBe(false);
  });

  it("needs sts:TagSession as well when principal tags are passed", () => {
    const tags = { department: "sales" };
    expect(ask(cognitoTrust(), { tags, tagSession: true })).toEqual({ allowed: true });
    const withoutTagging = cognitoTrust();
    withoutTagging.Statement[0]!.Action = ["sts:AssumeRoleWithWebIdentity"];
    expect(ask(withoutTagging).allowed).toBe(true);
    const refused = ask(withoutTagging, { tags, tagSession: true });
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.action).toBe("sts:TagSession");
  });

  it("offers the tags to TagSession conditions as aws:RequestTag and aws:TagKeys", () => {
    const trust = cognitoTrust();
    const onlyDepartment = {
      ...trust,
      Statement: [
        { ...trust.Statement[0], Action: "sts:AssumeRoleWithWebIdentity" },
        {
          Effect: "Allow",
          Principal: { Federated: COGNITO_IDENTITY },
          Action: "sts:TagSession",
          Condition: {
            "ForAllValues:StringEquals": { "aws:TagKeys": ["department"] },
            StringLike: { "aws:RequestTag/department": "s*" },
          },
        },
      ],
    };
    expect(ask(onlyDepartment, { tags: { department: "sales" }, tagSession: true }).allowed).toBe(true);
    expect(ask(onlyDepartment, { tags: { department: "ops" }, tagSession: true }).allowed).toBe(false);
    expect(ask(onlyDepartment, { tags: { department: "sales", level: "9" }, tagSession: true }).allowed).toBe(
      false,
    );
  });

  it("lets an explicit Deny win", () => {
    const trust = cognitoTrust();
    const denied = {
      ...trust,
      Statement: [
        ...trust.Statement,
        {
          Effect: "Deny",
          Principal: { Federated: COGNITO_IDENTITY },
          Action: "sts:*",
          Condition: { StringEquals: { "cognito-identity.amazonaws.com:sub": IDENTITY } },
        },
      ],
    };
    const decision = ask(denied);
    expect(decision.allowed).toBe(false);
    if (!decision.allowed) expect(decision.result.decision).toBe("ExplicitDeny");
  });

  it("refuses a principal the policy does not name, and another action", () => {
    expect(ask(cognitoTrust(), { federated: "accounts.google.com" }).allowed).toBe(false);
    const assumeRoleOnly = cognitoTrust();
    assumeRoleOnly.Statement[0]!.Action = ["sts:AssumeRole"];
    expect(ask(assumeRoleOnly).allowed).toBe(false);
  });
});

describe("trustsWebIdentity, other OIDC providers", () => {
  const oidcTrust = (federated: string) => ({
    Version: "2012-10-17",
    Statement: {
      Effect: "Allow",
      Principal: { Federated: federated },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "login.example.com/tenant:aud": "my-client" } },
    },
  });

  it("matches the provider by name, or by an oidc-provider ARN of any account", () => {
    const opts = { federated: "login.example.com/tenant", aud: "my-client", amr: undefined };
    expect(ask(oidcTrust("login.example.com/tenant"), opts).allowed).toBe(true);
    expect(
      ask(oidcTrust("arn:aws:iam::123456789012:oidc-provider/login.example.com/tenant"), opts).allowed,
    ).toBe(true);
    expect(ask(oidcTrust("arn:aws:iam::123456789012:oidc-provider/login.example.com"), opts).allowed).toBe(
      false,
    );
    expect(ask(oidcTrust("arn:aws:iam::123456789012:oidc-provider/other.example.com"), opts).allowed).toBe(
      false,
    );
    expect(ask(oidcTrust("login.example.com/tenant"), { ...opts, aud: "another-client" }).allowed).toBe(
      false,
    );
  });
});

describe("webIdentityTrustContext", () => {
  it("holds the provider's keys, the request's facts, and the tags", () => {
    expect(
      webIdentityTrustContext(
        COGNITO_IDENTITY,
        { audience: POOL, subject: IDENTITY, amr: ["unauthenticated"] },
        { now, sourceIp: "::ffff:203.0.113.7", secure: true },
        { team: "a" },
      ),
    ).toEqual({
      "aws:CurrentTime": "2024-01-01T00:00:00Z",
      "aws:EpochTime": "1704067200",
      "aws:SecureTransport": "true",
      "aws:SourceIp": "203.0.113.7",
      "cognito-identity.amazonaws.com:aud": POOL,
      "cognito-identity.amazonaws.com:sub": IDENTITY,
      "cognito-identity.amazonaws.com:amr": ["unauthenticated"],
      "aws:RequestTag/team": "a",
      "aws:TagKeys": ["team"],
    });
  });
});
