// STS AssumeRoleWithWebIdentity sent bad parameters over the wire (the Node entry, roles as files):
// each parameter missing, too long, too short, of a broken pattern; DurationSeconds out of range or
// no number; Policy not JSON, not a policy, too long; PolicyArns; repeated parameters; bad tokens;
// unknown and untrusting roles; OIDC providers whose keys cannot be had. Each gets STS's XML
// <ErrorResponse> with a 4xx status and the code the reference names, never a 500, and no message
// repeats the token sent.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { tokenOf } from "./broken-issuers.js";
import { type Pairs, role, type StsCase, stsServer } from "./sts-setup.js";

const { tokens, broken, base, withParam, send, problemsOf } = await stsServer();

const VALIDATION = ["ValidationError"];
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The token with header and claims changed, the signature kept (or the one given). */
function forged(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  signature?: string,
): string {
  const [h, p, s] = tokens.token.split(".") as [string, string, string];
  const parse = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString());
  return `${b64({ ...parse(h), ...header })}.${b64({ ...parse(p), ...claims })}.${signature ?? s}`;
}

describe("STS AssumeRoleWithWebIdentity: bad parameters", { timeout: 60_000 }, () => {
  it("answers the good call (the sweep's base) with credentials", async () => {
    const answer = await send({ label: "base", codes: [] });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.text).toContain("<AssumeRoleWithWebIdentityResponse");
    expect(answer.text).toMatch(/<AccessKeyId>ASIA[A-Z2-7]{16}<\/AccessKeyId>/);
  });

  it("refuses each parameter missing, empty, too short, too long or of a broken pattern as ValidationError", async () => {
    const cases: StsCase[] = [];
    const bounds: [string, number, number][] = [
      ["RoleArn", 20, 2048],
      ["RoleSessionName", 2, 64],
      ["WebIdentityToken", 4, 20000],
      ["ProviderId", 4, 2048],
      ["Policy", 1, 2048],
    ];
    for (const name of ["RoleArn", "RoleSessionName", "WebIdentityToken"])
      cases.push({ label: `${name} missing`, pairs: withParam(name, undefined), codes: VALIDATION });
    cases.push({
      label: "all missing",
      pairs: [
        ["Action", "AssumeRoleWithWebIdentity"],
        ["Version", "2011-06-15"],
      ],
      codes: VALIDATION,
    });
    for (const [name, min, max] of bounds) {
      cases.push({ label: `${name} empty`, pairs: withParam(name, ""), codes: VALIDATION });
      cases.push({
        label: `${name} of ${min - 1}`,
        pairs: withParam(name, "a".repeat(min - 1)),
        codes: VALIDATION,
      });
      cases.push({
        label: `${name} of ${max + 1}`,
        pairs: withParam(name, "a".repeat(max + 1)),
        codes: VALIDATION,
      });
    }
    cases.push({ label: "Policy of 3000", pairs: withParam("Policy", " ".repeat(3000)), codes: VALIDATION });
    for (const name of ["a b", "é!", "a/b", "a\u0000b", "🙂🙂", "a:b"])
      cases.push({
        label: `RoleSessionName ${JSON.stringify(name)}`,
        pairs: withParam("RoleSessionName", name),
        codes: VALIDATION,
      });
    for (const policy of ['{"Version":"2012-10-17","Statement":[{"Sid":"🙂"}]}', "\u0001{}", "{}\u0100"])
      cases.push({
        label: `Policy ${JSON.stringify(policy)}`,
        pairs: withParam("Policy", policy),
        codes: VALIDATION,
      });
    expect(await problemsOf(cases)).toEqual([]);
  });

  it("refuses DurationSeconds out of range, beyond the role's maximum, or not a number", async () => {
    const cases: StsCase[] = [
      "899",
      "43201",
      "0",
      "-1",
      "-900",
      "abc",
      "1e3",
      "3600.5",
      "",
      " 3600",
      "3600 ",
      "+3600",
      "0x100",
      "99999999999999999999",
      "9".repeat(5000),
      // The role's MaxSessionDuration is 3600.
      "3601",
      "43200",
    ].map((value) => ({
      label: `DurationSeconds ${JSON.stringify(value.slice(0, 30))}`,
      pairs: withParam("DurationSeconds", value),
      codes: VALIDATION,
    }));
    expect(await problemsOf(cases)).toEqual([]);
    // Within a longer role's maximum it is taken.
    const long = await send({
      label: "",
      codes: [],
      pairs: withParam("DurationSeconds", "43200", withParam("RoleArn", role("Long"))),
    });
    expect(long.status, long.text).toBe(200);
  });

  it("refuses a Policy that is no JSON or no policy as MalformedPolicyDocument, and PolicyArns", async () => {
    const deep = `${"[".repeat(1000)}${"]".repeat(1000)}`;
    const cases: StsCase[] = [
      "not json",
      "{",
      "null",
      "[]",
      '"policy"',
      "1",
      "true",
      "{}",
      '{"Version":"2012-10-17"}',
      '{"Statement":[]}',
      '{"Version":"2012-10-17","Statement":{"Effect":"Maybe","Action":"*","Resource":"*"}}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":{"a":1},"Resource":"*"}]}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":[[["*"]]]}]}',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Nope":{"a":"b"}}}]}',
      '{"Version":"1999-01-01","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
      '{"__proto__":{"Version":"2012-10-17"},"Statement":[]}',
      deep,
      `{"Version":"2012-10-17","Statement":${deep.slice(0, 1900)}${"]".repeat(0)}}`,
    ].map((policy) => ({
      label: `Policy ${JSON.stringify(policy)}`,
      pairs: withParam("Policy", policy),
      codes: ["MalformedPolicyDocument"],
    }));
    const arns: Pairs = [
      ["PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
      ["PolicyArns.member.1.arn", "short"],
      ["PolicyArns.member.1", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
      ["PolicyArns.member.1.arn", "a".repeat(2049)],
    ];
    for (const pair of arns)
      cases.push({
        label: `${pair[0]}=${pair[1].slice(0, 40)}`,
        pairs: [...base(), pair],
        codes: VALIDATION,
      });
    expect(await problemsOf(cases)).toEqual([]);
  });

  it("refuses repeated parameters, another version and a ProviderId", async () => {
    const cases: StsCase[] = [
      ...["Action", "Version", "RoleArn", "RoleSessionName", "WebIdentityToken"].map((name) => ({
        label: `${name} twice`,
        pairs: [...base(), [name, base().find(([n]) => n === name)![1]]] as Pairs,
        codes: ["MalformedQueryString"],
      })),
      { label: "another version", pairs: withParam("Version", "2010-01-01"), codes: ["InvalidAction"] },
      { label: "an empty version", pairs: withParam("Version", ""), codes: ["InvalidAction"] },
      {
        label: "ProviderId",
        pairs: withParam("ProviderId", "www.amazon.com"),
        codes: ["InvalidIdentityToken"],
      },
    ];
    expect(await problemsOf(cases)).toEqual([]);
  });

  it("refuses bad tokens, unknown or untrusting roles and tags too large, in STS's codes", async () => {
    const [h, p] = tokens.token.split(".") as [string, string];
    const badTokens: [string, string][] = [
      ["no JWT", "not-a-jwt"],
      ["dots", "...."],
      ["two parts", `${h}.${p}`],
      ["claims not JSON", `${h}.${Buffer.from("{x").toString("base64url")}.sig`],
      ["alg none", `${forged({ alg: "none" }, {}).split(".").slice(0, 2).join(".")}.`],
      ["alg none, the signature kept", forged({ alg: "none" }, {})],
      [
        "HS256",
        (() => {
          const unsigned = forged({ alg: "HS256" }, {}).split(".").slice(0, 2).join(".");
          return `${unsigned}.${createHmac("sha256", "secret").update(unsigned).digest("base64url")}`;
        })(),
      ],
      ["another sub", forged({}, { sub: "us-east-1:00000000-0000-4000-8000-000000000000" })],
      ...[123, ["x"], { a: 1 }, null, ""].map((iss): [string, string] => [
        `iss ${JSON.stringify(iss)}`,
        forged({}, { iss }),
      ]),
      ...[123, ["x"], { a: 1 }, null, ""].map((aud): [string, string] => [
        `aud ${JSON.stringify(aud)}`,
        forged({}, { aud }),
      ]),
      ["another issuer", forged({}, { iss: "https://issuer.invalid" })],
      ["exp in the past", forged({}, { exp: 1 })],
      ["huge claims", forged({}, { huge: "a".repeat(14_000) })],
      [
        "deep claims",
        forged({}, {}).replace(
          /\.[^.]+\./,
          `.${Buffer.from(`{"x":${"[".repeat(5000)}${"]".repeat(5000)}}`).toString("base64url")}.`,
        ),
      ],
    ];
    const cases: StsCase[] = badTokens.map(([what, t]) => ({
      label: `token: ${what}`,
      pairs: withParam("WebIdentityToken", t),
      codes: ["InvalidIdentityToken", "ExpiredTokenException"],
    }));
    cases.push(
      {
        label: "an unknown role",
        pairs: withParam("RoleArn", role("Nobody")),
        codes: ["AccessDenied"],
        status: 403,
      },
      {
        label: "no role ARN",
        pairs: withParam("RoleArn", "x".repeat(20)),
        codes: ["AccessDenied"],
        status: 403,
      },
      {
        label: "a role of another service",
        pairs: withParam("RoleArn", "arn:aws:s3:::bucket/role/Web"),
        codes: ["AccessDenied"],
        status: 403,
      },
      {
        label: "a role that does not trust the pool",
        pairs: withParam("RoleArn", role("Elsewhere")),
        codes: ["AccessDenied"],
        status: 403,
      },
      {
        label: "tags too large",
        pairs: withParam("WebIdentityToken", tokens.bigTagsToken),
        codes: ["PackedPolicyTooLarge"],
      },
      // A configured provider whose keys cannot be had (IDPCommunicationError) or verify nothing.
      ...broken.map((issuer) => ({
        label: `a provider with ${issuer.what}`,
        pairs: withParam("WebIdentityToken", tokenOf(issuer)),
        codes: issuer.what === "no usable key" ? ["InvalidIdentityToken"] : ["IDPCommunicationError"],
      })),
    );
    expect(await problemsOf(cases)).toEqual([]);
  });
});
