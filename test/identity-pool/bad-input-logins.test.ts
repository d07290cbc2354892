// Hand-written bad Logins to the identity service, over the wire to the Node entry (a real user
// pool's sign-in forged as bad-logins.ts makes it; roles as files; OIDC providers in the
// configuration): in every operation that takes Logins; identities of another pool and pools of
// another region; OIDC providers whose keys cannot be had; principal tags too large for a session.
// Each answer is a 4xx of the protocol's own; none repeats a token; and nothing refused leaves a
// record behind (no identity made, no login linked, no developer user registered).
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Expectation } from "../helpers/bad-input/cases.js";
import { sendAll, type Sent } from "../helpers/bad-input/sweep.js";
import { wire } from "../helpers/bad-input/wire.js";
import { echoesNoToken, IDENTITY_WIRE } from "./bad-input-wire.js";
import { badLogins, UNCONFIGURED_OIDC } from "./bad-logins.js";
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
const call = () => wire(url(), ADMIN, IDENTITY_WIRE);
const ok = async (operation: string, input: unknown) => {
  const answer = await call()(operation, JSON.stringify(input));
  if (answer.status !== 200) throw new Error(`${operation}: ${JSON.stringify(answer.body)}`);
  return answer.body as Record<string, unknown>;
};
const send = (cases: readonly Sent[]) => sendAll(call(), cases, 8, echoesNoToken);
const error = (...types: string[]): Expectation => ({ type: "error", types });

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

/** Each bad Logins map sent to every operation that takes Logins. */
function loginsCases(): Sent[] {
  const issuerName = `${new URL(url()).host}/${provider.split("/")[1]}`;
  const setting = { idToken, accessToken, jwk, provider, issuerName, clientId };
  return badLogins(setting).flatMap(([what, logins, expected]) => {
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
