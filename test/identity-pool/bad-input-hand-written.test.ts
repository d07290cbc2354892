// Hand-written bad input to the identity service, over the wire to the Node entry: Logins maps
// (too many entries, empty and oversized tokens, what is no JWT, JWTs with alg none or HS256,
// claims of the wrong type, huge claims), pools of another region, identities of another pool,
// nested JSON where strings belong, and the envelope (content type, target, truncated JSON, 2 MB
// bodies, signatures). Each answer is a 4xx of the protocol's own; none repeats a token; and
// nothing refused leaves a record behind (no identity made, no login linked).
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createHmac, createPublicKey } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Expectation } from "../helpers/bad-input/cases.js";
import { sendAll, type Sent } from "../helpers/bad-input/sweep.js";
import { wire, type Answer } from "../helpers/bad-input/wire.js";
import { echoesNoToken, IDENTITY_WIRE } from "./bad-input-wire.js";
import { startBrokenIssuers, tokenOf } from "./broken-issuers.js";
import { ADMIN, identityServer } from "./setup.js";

/** A role every identity pool of this region may use, tags passed. */
const ROLE = "arn:aws:iam::000000000000:role/BadInput";
const policies = mkdtempSync(join(tmpdir(), "cognate-identity-policies-"));
mkdirSync(join(policies, "roles"));
writeFileSync(
  join(policies, "roles", "BadInput.json"),
  JSON.stringify({
    AssumeRolePolicyDocument: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: "cognito-identity.amazonaws.com" },
          Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
          Condition: { StringLike: { "cognito-identity.amazonaws.com:aud": "us-east-1:*" } },
        },
      ],
    },
    Policies: {},
  }),
);

// OIDC providers whose keys cannot be had, or are no keys, in the configuration.
const broken = await startBrokenIssuers();
afterAll(() => broken.close());
const config = join(mkdtempSync(join(tmpdir(), "cognate-identity-config-")), "cognate.json");
writeFileSync(
  config,
  JSON.stringify({
    openIdConnectProviders: broken.issuers.map(({ url, jwksUri }) => ({
      url,
      clientIds: ["app"],
      ...(jwksUri !== undefined && { jwksUri }),
    })),
  }),
);
const keyOf = (issuer: string) => issuer.replace(/^https?:\/\//, "");

const { url } = identityServer({ COGNATE_POLICIES: policies, COGNATE_CONFIG: config });
const DEV = "login.bad-input";
const UNCONFIGURED_OIDC = "oidc.unconfigured.example";
const call = () => wire(url(), ADMIN, IDENTITY_WIRE);
const ok = async (operation: string, input: unknown) => {
  const answer = await call()(operation, JSON.stringify(input));
  if (answer.status !== 200) throw new Error(`${operation}: ${JSON.stringify(answer.body)}`);
  return answer.body as Record<string, unknown>;
};
const send = (cases: readonly Sent[]) => sendAll(call(), cases, 8, echoesNoToken);
const error = (...types: string[]): Expectation => ({ type: "error", types });
const REFUSED = error("NotAuthorizedException", "InvalidParameterException");

const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

let provider: string;
let clientId: string;
let idToken: string;
let accessToken: string;
let jwk: Record<string, unknown>;
/** Identity pool P (the user pool, a developer provider, Facebook and an unconfigured OIDC provider) and Q (guests only). */
let P: string;
let Q: string;
/** P's identity of the user, P's guest, Q's guest and an OpenID token of Q's guest. */
let I: string;
let U: string;
let QU: string;
let qToken: string;
let iToken: string;

beforeAll(async () => {
  const idp = new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: url(),
    credentials: ADMIN,
    maxAttempts: 1,
  });
  const pool = await idp.send(new CreateUserPoolCommand({ PoolName: "bad logins" }));
  const userPoolId = pool.UserPool!.Id!;
  const client = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  clientId = client.UserPoolClient!.ClientId!;
  provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
  await idp.send(
    new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: "ada", MessageAction: "SUPPRESS" }),
  );
  await idp.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: "ada",
      Password: "Correct-Horse-9",
      Permanent: true,
    }),
  );
  const signedIn = await idp.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: "ada", PASSWORD: "Correct-Horse-9" },
    }),
  );
  idToken = signedIn.AuthenticationResult!.IdToken!;
  accessToken = signedIn.AuthenticationResult!.AccessToken!;
  const jwks = (await (await fetch(`${url()}/${userPoolId}/.well-known/jwks.json`)).json()) as {
    keys: Record<string, unknown>[];
  };
  const kid = JSON.parse(Buffer.from(idToken.split(".")[0]!, "base64url").toString()).kid;
  jwk = jwks.keys.find((k) => k.kid === kid)!;

  P = (
    await ok("CreateIdentityPool", {
      IdentityPoolName: "bad logins",
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: true,
      DeveloperProviderName: DEV,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId: clientId }],
      SupportedLoginProviders: { "graph.facebook.com": "1234567890" },
      OpenIdConnectProviderARNs: [`arn:aws:iam::000000000000:oidc-provider/${UNCONFIGURED_OIDC}`],
    })
  ).IdentityPoolId as string;
  Q = (
    await ok("CreateIdentityPool", {
      IdentityPoolName: "other",
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: true,
    })
  ).IdentityPoolId as string;
  await ok("SetIdentityPoolRoles", {
    IdentityPoolId: P,
    Roles: { authenticated: ROLE, unauthenticated: ROLE },
  });
  I = (await ok("GetId", { IdentityPoolId: P, Logins: { [provider]: idToken } })).IdentityId as string;
  U = (await ok("GetId", { IdentityPoolId: P })).IdentityId as string;
  QU = (await ok("GetId", { IdentityPoolId: Q })).IdentityId as string;
  qToken = (await ok("GetOpenIdToken", { IdentityId: QU })).Token as string;
  iToken = (await ok("GetOpenIdToken", { IdentityId: I, Logins: { [provider]: idToken } })).Token as string;
});

/** The ID token with its header and claims changed, its signature kept (or the one given). */
function forged(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  signature?: string,
): string {
  const [h, p, s] = idToken.split(".") as [string, string, string];
  const headerOf = { ...JSON.parse(Buffer.from(h, "base64url").toString()), ...header };
  const claimsOf = { ...JSON.parse(Buffer.from(p, "base64url").toString()), ...claims };
  return `${b64(headerOf)}.${b64(claimsOf)}.${signature ?? s}`;
}

/** The ID token re-signed with HS256 under `secret` (the public key as an HMAC secret). */
function hs256(secret: string): string {
  const unsigned = forged({ alg: "HS256" }, {}).split(".").slice(0, 2).join(".");
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

/** Tokens no identity pool may accept, each with what it is. */
function badTokens(): [string, string][] {
  const [h, p, s] = idToken.split(".") as [string, string, string];
  const pem = createPublicKey({ key: jwk as never, format: "jwk" }).export({ type: "spki", format: "pem" });
  const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
  return [
    ["50000 characters, no JWT", "a".repeat(50_000)],
    ["no JWT", "not-a-jwt"],
    ["two parts", `${h}.${p}`],
    ["four parts", `${h}.${p}.${s}.${s}`],
    ["empty parts", ".."],
    ["dots", "....."],
    ["spaces", "   "],
    ["not base64url", "%%%.%%%.%%%"],
    ["non-ASCII", "é.🙂.\u0000"],
    ["header not JSON", `${b64("{not json")}.${p}.${s}`],
    ["header an array", `${b64([1])}.${p}.${s}`],
    ["claims not JSON", `${h}.${b64("{not json")}.${s}`],
    ["claims a string", `${h}.${b64('"claims"')}.${s}`],
    ["claims null", `${h}.${b64("null")}.${s}`],
    ["alg none, no signature", `${forged({ alg: "none" }, {}).split(".").slice(0, 2).join(".")}.`],
    ["alg none, the signature kept", forged({ alg: "none" }, {})],
    ["alg None", forged({ alg: "None" }, {}, "")],
    ["HS256 with the JWK as secret", hs256(JSON.stringify(jwk))],
    ["HS256 with the modulus as secret", hs256(String(jwk.n))],
    ["HS256 with the PEM as secret", hs256(String(pem))],
    ["an unknown kid", forged({ kid: "no-such-kid" }, {})],
    ["a kid of 30000 characters", forged({ kid: "k".repeat(30_000) }, {})],
    ["crit", forged({ crit: ["exp"] }, {})],
    ["the access token", accessToken],
    ["another sub, the signature kept", forged({}, { sub: "someone-else" })],
    ...(
      [
        ["iss", [123, ["x"], { a: 1 }, null, true, ""]],
        ["aud", [123, [clientId], { a: clientId }, null, true, ""]],
        ["sub", [123, null, [], {}]],
        ["exp", ["9999999999", null, 1e308, -1, []]],
        ["token_use", ["access", 1, null]],
      ] as [string, unknown[]][]
    ).flatMap(([claim, values]) =>
      values.map((value): [string, string] => [
        `${claim} ${JSON.stringify(value)}`,
        forged({}, { [claim]: value }),
      ]),
    ),
    ["a claim of 40000 characters", forged({}, { huge: "a".repeat(30_000) })],
    ["3000 claims", forged({}, Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`c${i}`, i])))],
    ["a claim nested 10000 deep", forged({}, {}).replace(/\.[^.]+\./, `.${b64(`{"x":${deep(10_000)}}`)}.`)],
    ["a header nested 10000 deep", `${b64(`{"alg":"RS256","x":${deep(10_000)}}`)}.${p}.${s}`],
  ];
}

/** Logins maps no identity pool may accept, with what must answer them. */
function badLogins(): [string, Record<string, string>, Expectation][] {
  const others = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`login${i}.example.com`, "token"]));
  const issuerName = `${new URL(url()).host}/${provider.split("/")[1]}`;
  return [
    ...badTokens().map(([what, token]): [string, Record<string, string>, Expectation] => [
      what,
      { [provider]: token },
      REFUSED,
    ]),
    ["11 entries", { [provider]: idToken, ...others }, { type: "InvalidParameterException", path: "logins" }],
    ["an empty token", { [provider]: "" }, { type: "InvalidParameterException", path: "logins" }],
    [
      "a token of 50001 characters",
      { [provider]: "a".repeat(50_001) },
      { type: "InvalidParameterException", path: "logins" },
    ],
    ["an empty key", { "": idToken }, { type: "InvalidParameterException", path: "logins" }],
    [
      "a key of 129 characters",
      { ["k".repeat(129)]: idToken },
      { type: "InvalidParameterException", path: "logins" },
    ],
    [
      "the pool under both of its names",
      { [provider]: idToken, [issuerName]: idToken },
      error("InvalidParameterException"),
    ],
    ["an unknown provider", { "login.example.org": idToken }, error("NotAuthorizedException")],
    [
      "the pool in another region's name",
      { [provider.replace("us-east-1.", "eu-west-1.")]: idToken },
      error("NotAuthorizedException"),
    ],
    [
      "Facebook (cannot be verified offline)",
      { "graph.facebook.com": "EAAGm0PX4ZCpsBA" },
      error("NotAuthorizedException"),
    ],
    [
      "an OIDC provider not configured",
      { [UNCONFIGURED_OIDC]: idToken },
      error("InvalidIdentityPoolConfigurationException"),
    ],
    [
      "a good login and a bad one",
      { [provider]: idToken, "graph.facebook.com": "EAAGm0PX4ZCpsBA" },
      error("NotAuthorizedException"),
    ],
    [
      "__proto__ as a key",
      JSON.parse(`{"__proto__":${JSON.stringify(idToken)}}`),
      error("NotAuthorizedException"),
    ],
    [
      "constructor as a key",
      { constructor: idToken } as Record<string, string>,
      error("NotAuthorizedException"),
    ],
  ];
}

/** Each bad Logins map sent to every operation that takes Logins. */
function loginsCases(): Sent[] {
  return badLogins().flatMap(([what, logins, expected]) => {
    const developer = { [DEV]: "dev-bad-input", ...logins };
    const bodies: [string, Record<string, unknown>, Expectation][] = [
      ["GetId", { IdentityPoolId: P, Logins: logins }, expected],
      ["GetCredentialsForIdentity", { IdentityId: I, Logins: logins }, expected],
      ["GetOpenIdToken", { IdentityId: I, Logins: logins }, expected],
      ["UnlinkIdentity", { IdentityId: I, Logins: logins, LoginsToRemove: [provider] }, expected],
      [
        "GetOpenIdTokenForDeveloperIdentity",
        { IdentityPoolId: P, Logins: developer },
        // One more entry (the developer's) pushes ten past the limit; the developer's key first.
        Object.keys(developer).length > 10 ? { type: "InvalidParameterException", path: "logins" } : expected,
      ],
    ];
    return bodies.map(([operation, input, expect]) => ({
      operation,
      label: what,
      body: JSON.stringify(input),
      expect,
    }));
  });
}

async function identitiesOf(pool: string): Promise<string[]> {
  const listed = await ok("ListIdentities", { IdentityPoolId: pool, MaxResults: 60 });
  return (listed.Identities as { IdentityId: string }[]).map((i) => i.IdentityId).sort();
}

async function loginsOf(identity: string): Promise<unknown> {
  return (await ok("DescribeIdentity", { IdentityId: identity })).Logins ?? [];
}

describe("bad Logins, over the wire", { timeout: 120_000 }, () => {
  it("refuses each bad Logins map in every operation that takes one, with no record left behind", async () => {
    const before = { p: await identitiesOf(P), i: await loginsOf(I), u: await loginsOf(U) };
    const cases = loginsCases();
    const { problems } = await send(cases);
    expect(problems).toEqual([]);
    expect(cases.length).toBeGreaterThan(250);
    // No identity made, no login linked, no developer user registered.
    expect(await identitiesOf(P)).toEqual(before.p);
    expect(await loginsOf(I)).toEqual(before.i);
    expect(await loginsOf(U)).toEqual(before.u);
    const lookup = await call()(
      "LookupDeveloperIdentity",
      JSON.stringify({ IdentityPoolId: P, DeveloperUserIdentifier: "dev-bad-input" }),
    );
    expect(lookup.body.__type).toBe("ResourceNotFoundException");
    // And the good login still names the same identity.
    expect((await ok("GetId", { IdentityPoolId: P, Logins: { [provider]: idToken } })).IdentityId).toBe(I);
  });

  it("refuses identities of another pool, and pools and identities of another region", async () => {
    const elsewhere = (id: string) => id.replace(/^us-east-1:/, "eu-west-1:");
    const before = { q: await loginsOf(QU), p: await identitiesOf(P) };
    const cases: [string, Record<string, unknown>, Expectation][] = [
      [
        "GetOpenIdTokenForDeveloperIdentity",
        { IdentityPoolId: P, IdentityId: QU, Logins: { [DEV]: "dev-other" } },
        error("NotAuthorizedException"),
      ],
      ["LookupDeveloperIdentity", { IdentityPoolId: P, IdentityId: QU }, error("ResourceNotFoundException")],
      [
        "UnlinkDeveloperIdentity",
        { IdentityPoolId: P, IdentityId: QU, DeveloperProviderName: DEV, DeveloperUserIdentifier: "x" },
        error("ResourceNotFoundException"),
      ],
      [
        "MergeDeveloperIdentities",
        {
          IdentityPoolId: Q,
          DeveloperProviderName: DEV,
          SourceUserIdentifier: "a",
          DestinationUserIdentifier: "b",
        },
        error("ResourceNotFoundException"),
      ],
      [
        "GetCredentialsForIdentity",
        { IdentityId: QU, Logins: { [provider]: idToken } },
        error("NotAuthorizedException"),
      ],
      [
        "UnlinkIdentity",
        { IdentityId: QU, Logins: { [provider]: idToken }, LoginsToRemove: [provider] },
        error("NotAuthorizedException"),
      ],
      // The identity service's token of another pool's identity, or of another identity.
      [
        "GetOpenIdToken",
        { IdentityId: I, Logins: { "cognito-identity.amazonaws.com": qToken } },
        error("NotAuthorizedException"),
      ],
      [
        "GetCredentialsForIdentity",
        { IdentityId: I, Logins: { "cognito-identity.amazonaws.com": qToken } },
        error("NotAuthorizedException"),
      ],
      [
        "GetCredentialsForIdentity",
        { IdentityId: U, Logins: { "cognito-identity.amazonaws.com": iToken } },
        error("NotAuthorizedException"),
      ],
      [
        "GetId",
        { IdentityPoolId: P, Logins: { "cognito-identity.amazonaws.com": iToken } },
        error("NotAuthorizedException"),
      ],
      // Another region's pool and identity, their GUIDs real ones of this region.
      ["GetId", { IdentityPoolId: elsewhere(P) }, error("ResourceNotFoundException")],
      ["DescribeIdentityPool", { IdentityPoolId: elsewhere(P) }, error("ResourceNotFoundException")],
      ["DescribeIdentity", { IdentityId: elsewhere(I) }, error("ResourceNotFoundException")],
      ["GetCredentialsForIdentity", { IdentityId: elsewhere(U) }, error("ResourceNotFoundException")],
      [
        "ListTagsForResource",
        { ResourceArn: `arn:aws:cognito-identity:eu-west-1:000000000000:identitypool/${P}` },
        error("InvalidParameterException"),
      ],
    ];
    const { problems } = await send(
      cases.map(([operation, input, expect], i) => ({
        operation,
        label: `#${i}`,
        body: JSON.stringify(input),
        expect,
      })),
    );
    expect(problems).toEqual([]);
    expect(await loginsOf(QU)).toEqual(before.q);
    expect(await identitiesOf(P)).toEqual(before.p);
    const lookup = await call()(
      "LookupDeveloperIdentity",
      JSON.stringify({ IdentityPoolId: P, DeveloperUserIdentifier: "dev-other" }),
    );
    expect(lookup.body.__type).toBe("ResourceNotFoundException");
  });

  it("answers nested JSON where a string belongs with SerializationException", async () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const deepObject = (n: number) => `${'{"a":'.repeat(n)}"x"${"}".repeat(n)}`;
    const bodies: [string, string][] = [
      ["GetId", '{"IdentityPoolId":{"a":"b"}}'],
      ["GetId", `{"IdentityPoolId":${deep(1000)}}`],
      ["GetId", `{"IdentityPoolId":${deep(100_000)}}`],
      ["GetId", `{"IdentityPoolId":${JSON.stringify(P)},"Logins":{"k":{"nested":"x"}}}`],
      ["GetId", `{"IdentityPoolId":${JSON.stringify(P)},"Logins":{"k":["x"]}}`],
      ["GetId", `{"IdentityPoolId":${JSON.stringify(P)},"Logins":[["k","v"]]}`],
      ["GetId", `{"IdentityPoolId":${JSON.stringify(P)},"Logins":{"k":${deepObject(50_000)}}}`],
      [
        "GetCredentialsForIdentity",
        `{"IdentityId":${JSON.stringify(I)},"CustomRoleArn":${deepObject(1000)}}`,
      ],
      [
        "CreateIdentityPool",
        '{"IdentityPoolName":"n","AllowUnauthenticatedIdentities":true,"SupportedLoginProviders":{"accounts.google.com":{"x":"y"}}}',
      ],
      ["CreateIdentityPool", '{"IdentityPoolName":"n","AllowUnauthenticatedIdentities":{"b":true}}'],
      [
        "UpdateIdentityPool",
        `{"IdentityPoolId":${JSON.stringify(P)},"IdentityPoolName":"n","AllowUnauthenticatedIdentities":true,"CognitoIdentityProviders":[{"ProviderName":["x"]}]}`,
      ],
      [
        "SetIdentityPoolRoles",
        `{"IdentityPoolId":${JSON.stringify(P)},"Roles":{},"RoleMappings":{"p":{"Type":{"x":1}}}}`,
      ],
      [
        "TagResource",
        `{"ResourceArn":"arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${P}","Tags":{"k":${deep(10)}}}`,
      ],
    ];
    const { problems } = await send(
      bodies.map(([operation, body], i) => ({
        operation,
        label: `#${i}`,
        body,
        expect: { type: "SerializationException" },
      })),
    );
    expect(problems).toEqual([]);
  });
});

describe("OIDC providers that fail", { timeout: 60_000 }, () => {
  it("answers a login of a provider whose keys cannot be had or used with a 4xx, within the fetch's timeout", async () => {
    const pool = await ok("CreateIdentityPool", {
      IdentityPoolName: "broken oidc",
      AllowUnauthenticatedIdentities: false,
      OpenIdConnectProviderARNs: broken.issuers.map(
        (i) => `arn:aws:iam::000000000000:oidc-provider/${keyOf(i.url)}`,
      ),
    });
    const before = await identitiesOf(pool.IdentityPoolId as string);
    const cases = broken.issuers.map(
      (issuer): Sent => ({
        operation: "GetId",
        label: issuer.what,
        body: JSON.stringify({
          IdentityPoolId: pool.IdentityPoolId,
          Logins: { [keyOf(issuer.url)]: tokenOf(issuer) },
        }),
        expect: error("ExternalServiceException", "NotAuthorizedException"),
      }),
    );
    const { problems, answers } = await send(cases);
    expect(problems).toEqual([]);
    // Keys that cannot be fetched are the provider's failure; keys that verify nothing, the token's.
    expect(
      answers
        .get("GetId")!
        .map((a) => a.body.__type)
        .sort(),
    ).toEqual([
      "ExternalServiceException",
      "ExternalServiceException",
      "ExternalServiceException",
      "ExternalServiceException",
      "NotAuthorizedException",
    ]);
    expect(await identitiesOf(pool.IdentityPoolId as string)).toEqual(before);
  });
});

describe("pool settings past Cognito's limits", { timeout: 60_000 }, () => {
  it("refuses more than 50 tags however they are set, and keeps the pool's own", async () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));
    const pool = (await ok("CreateIdentityPool", {
      IdentityPoolName: "tagged",
      AllowUnauthenticatedIdentities: false,
      IdentityPoolTags: tags(2),
    })) as { IdentityPoolId: string };
    const arn = `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${pool.IdentityPoolId}`;
    const { problems } = await send(
      (
        [
          [
            "CreateIdentityPool",
            { IdentityPoolName: "n", AllowUnauthenticatedIdentities: false, IdentityPoolTags: tags(51) },
          ],
          [
            "UpdateIdentityPool",
            {
              IdentityPoolId: pool.IdentityPoolId,
              IdentityPoolName: "tagged",
              AllowUnauthenticatedIdentities: false,
              IdentityPoolTags: tags(51),
            },
          ],
          ["TagResource", { ResourceArn: arn, Tags: tags(51) }],
          [
            "TagResource",
            {
              ResourceArn: arn,
              Tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`u${i}`, "v"])),
            },
          ],
        ] as const
      ).map(([operation, input], i) => ({
        operation,
        label: `#${i}`,
        body: JSON.stringify(input),
        expect: error("InvalidParameterException"),
      })),
    );
    expect(problems).toEqual([]);
    expect((await ok("ListTagsForResource", { ResourceArn: arn })).Tags).toEqual(tags(2));
  });
});

describe("credentials that would not fit a session token", { timeout: 60_000 }, () => {
  it("refuses principal tags too large for the session as InvalidParameterException, not a 500", async () => {
    // Within the model's limits (50 tags, keys of 128, values of 256), but about 19 KB of tags.
    const PrincipalTags = Object.fromEntries(
      Array.from({ length: 50 }, (_, i) => [
        `${String(i).padStart(2, "0")}${"k".repeat(126)}`,
        "v".repeat(256),
      ]),
    );
    const developer = await ok("GetOpenIdTokenForDeveloperIdentity", {
      IdentityPoolId: P,
      Logins: { [DEV]: "dev-many-tags" },
      PrincipalTags,
    });
    const logins = { "cognito-identity.amazonaws.com": developer.Token as string };
    const { problems } = await send([
      {
        operation: "GetCredentialsForIdentity",
        label: "50 tags of 384 characters",
        body: JSON.stringify({ IdentityId: developer.IdentityId, Logins: logins }),
        expect: error("InvalidParameterException"),
      },
    ]);
    expect(problems).toEqual([]);
    // A few tags are fine, and the same identity gets credentials with them.
    const few = await ok("GetOpenIdTokenForDeveloperIdentity", {
      IdentityPoolId: P,
      Logins: { [DEV]: "dev-many-tags" },
      PrincipalTags: { team: "blue" },
    });
    const credentials = await ok("GetCredentialsForIdentity", {
      IdentityId: few.IdentityId,
      Logins: { "cognito-identity.amazonaws.com": few.Token as string },
    });
    expect(credentials.IdentityId).toBe(developer.IdentityId);
    expect((credentials.Credentials as { AccessKeyId: string }).AccessKeyId).toMatch(/^ASIA/);
  });
});

describe("the envelope, over the wire", { timeout: 60_000 }, () => {
  it("refuses another content type, no target or an unknown one, truncated JSON and 2 MB bodies", async () => {
    const getId = JSON.stringify({ IdentityPoolId: P, Logins: { [provider]: idToken } });
    const describeBody = JSON.stringify({ IdentityPoolId: P });
    const twoMb = "a".repeat(2 * 1024 * 1024);
    const cases: Sent[] = [];
    for (const [operation, body] of [
      ["GetId", getId],
      ["DescribeIdentityPool", describeBody],
    ] as const) {
      for (const contentType of [
        null,
        "application/json",
        "text/plain",
        "application/x-amz-json-1.0",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
      ])
        cases.push({
          operation,
          label: `content type ${contentType}`,
          body,
          expect: error("AccessDeniedException"),
          changes: { contentType },
        });
      for (const target of [
        null,
        "AWSCognitoIdentityService.",
        "AWSCognitoIdentityService.Nope",
        `AWSCognitoIdentityService.${operation.toLowerCase()}`,
        `AWSCognitoIdentityService.${operation}.Extra`,
        `awscognitoidentityservice.${operation}`,
        "AWSCognitoIdentityService.__proto__",
        "AWSCognitoIdentityService.constructor",
        "AWSCognitoIdentityService.hasOwnProperty",
        `AWSCognitoIdentityService.${"x".repeat(10_000)}`,
      ])
        cases.push({
          operation,
          label: `target ${String(target).slice(0, 60)}`,
          body,
          expect: error("UnknownOperationException"),
          changes: { target },
        });
      for (const cut of [1, 2, Math.floor(body.length / 2), body.length - 1])
        cases.push({
          operation,
          label: `cut at ${cut}`,
          body: body.slice(0, cut),
          expect: { type: "SerializationException" },
          bare: true,
        });
      cases.push(
        {
          operation,
          label: "2 MB in a member",
          body: JSON.stringify({ IdentityPoolId: P, Logins: { [provider]: twoMb } }),
          expect: error("RequestEntityTooLargeException"),
        },
        {
          operation,
          label: "2 MB of spaces",
          body: `${" ".repeat(2 * 1024 * 1024)}{}`,
          expect: error("RequestEntityTooLargeException"),
        },
      );
    }
    const { problems } = await send(cases);
    expect(problems).toEqual([]);
  });

  it("refuses a signed operation sent unsigned or signed with another key, and never answers 500 to a signed unsigned one", async () => {
    const operations = [
      "DescribeIdentityPool",
      "ListIdentities",
      "DeleteIdentityPool",
      "GetOpenIdTokenForDeveloperIdentity",
    ];
    const input = { IdentityPoolId: P, MaxResults: 1, Logins: { [DEV]: "dev-signed" } };
    const unsigned = wire(url(), ADMIN, { ...IDENTITY_WIRE, unsigned: new Set(operations) });
    const stranger = wire(
      url(),
      { accessKeyId: "AKIAUNKNOWNKEY000001", secretAccessKey: "x".repeat(40) },
      {
        ...IDENTITY_WIRE,
        unsigned: new Set(),
      },
    );
    const answers: [string, Answer][] = [];
    for (const operation of operations) {
      answers.push([`${operation} unsigned`, await unsigned(operation, JSON.stringify(input))]);
      answers.push([`${operation} another key`, await stranger(operation, JSON.stringify(input))]);
    }
    for (const [what, answer] of answers) {
      expect(answer.status, what).toBeGreaterThanOrEqual(400);
      expect(answer.status, what).toBeLessThan(500);
      expect(typeof answer.body.__type, what).toBe("string");
    }
    // The pool is still there.
    expect((await ok("DescribeIdentityPool", { IdentityPoolId: P })).IdentityPoolId).toBe(P);
    // An unsigned operation signed with a key the service does not know is still only unsigned.
    const signedGetId = await stranger("GetId", JSON.stringify({ IdentityPoolId: Q }));
    expect(signedGetId.status).toBeLessThan(500);
  });
});
