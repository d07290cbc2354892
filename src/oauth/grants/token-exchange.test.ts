// The token-exchange grant in process, through the token endpoint (client authentication and the
// grant table included), on in-memory SQLite: tokens of the fixture's pool are minted with its keys.
import { Hono } from "hono";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePolicy } from "../../policy/parse.js";
import type { Policy } from "../../policy/types.js";
import type { ClientRecord } from "../../storage/index.js";
import { verifiedAccessToken } from "../../user-pool/access-token.js";
import { poolSigningKeys } from "../../user-pool/sign-in/result.js";
import { accessTokenClaims } from "../../user-pool/tokens/claims.js";
import { signJwt } from "../../user-pool/tokens/issue.js";
import { token } from "../endpoints/token.js";
import { ACCESS_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "../exchange/request.js";
import { oauthFixture } from "../fixture.testing.js";
import { clientCredentialsClaims } from "./client-credentials.js";

type Fixture = Awaited<ReturnType<typeof oauthFixture>>;
let f: Fixture;
let backend: ClientRecord;
let stranger: ClientRecord;
const ORDERS = "https://orders.example.com";
const READ = `${ORDERS}/read`;
const WRITE = `${ORDERS}/write`;

const BACKEND = {
  ClientName: "backend",
  GenerateSecret: true,
  AllowedOAuthFlows: ["client_credentials"],
  AllowedOAuthScopes: [READ, WRITE, "stock/read"],
  CallbackURLs: [],
  AccessTokenValidity: 30,
  TokenValidityUnits: { AccessToken: "minutes" },
};

const POLICIES: Policy[] = [
  parsePolicy(
    {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "cognito-idp:TokenExchange",
          Resource: "arn:aws:cognito-idp:*:*:userpool/*/resource-server/*",
          Condition: { StringEquals: { "cognito-idp:ClientName": "backend" } },
        },
        {
          Effect: "Deny",
          Action: "cognito-idp:TokenExchange",
          Resource: "*",
          Condition: { "ForAnyValue:StringEquals": { "subject:cognito:groups": "suspended" } },
        },
      ],
    },
    "exchange.json",
  ),
];

beforeAll(async () => {
  f = await oauthFixture();
  for (const [identifier, scopes] of [
    [ORDERS, ["read", "write"]],
    ["stock", ["read"]],
  ] as const)
    await f.store.resourceServers.create(
      {
        poolId: f.poolId,
        identifier,
        name: identifier,
        scopes: scopes.map((name) => ({ name, description: name })),
      },
      Date.now(),
      25,
    );
  backend = await f.makeClient(BACKEND);
  stranger = await f.makeClient({ ...BACKEND, ClientName: "stranger" });
  f.hosted.options.tokenExchange = POLICIES;
});

/** An access token of the fixture's user (or anyone's), from the web client, `claims` over Cognito's. */
async function userToken(claims: Record<string, unknown> = {}, poolId = f.poolId): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const base = accessTokenClaims({
    issuer: `http://127.0.0.1:9229/${poolId}`,
    clientId: f.client.id,
    username: "alice",
    sub: f.user.sub,
    attributes: {},
    groups: ["staff"],
    authTime: now - 60,
    originJti: crypto.randomUUID(),
    eventId: crypto.randomUUID(),
    amr: ["pwd"],
    scope: `openid ${READ} ${WRITE} stock/read`,
    oauth: true,
    now,
  });
  return signJwt({ ...base, ...claims }, (await poolSigningKeys(f.ctx, poolId)).access);
}

async function machineToken(client: ClientRecord): Promise<string> {
  const claims = clientCredentialsClaims({
    issuer: f.hosted.issuer,
    clientId: client.id,
    scope: "stock/read",
    now: Math.floor(Date.now() / 1000),
    ttlSeconds: 3600,
  });
  return signJwt(claims, (await poolSigningKeys(f.ctx, f.poolId)).access);
}

async function exchange(
  params: Record<string, string>,
  client: ClientRecord = backend,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const app = new Hono();
  app.post("/token", (c) => token(c, f.hosted));
  const response = await app.request("/token", {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${btoa(`${client.id}:${client.secret ?? ""}`)}`,
    },
    body: new URLSearchParams({
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token_type: ACCESS_TOKEN_TYPE,
      audience: ORDERS,
      ...params,
    }).toString(),
  });
  const body = (await response.json()) as Record<string, unknown>;
  // Whatever the answer, no token presented is ever repeated in it.
  for (const name of ["subject_token", "actor_token"]) {
    const signature = params[name]?.split(".")[2] ?? "";
    if (signature.length >= 16) expect(JSON.stringify(body)).not.toContain(signature);
  }
  return { status: response.status, body };
}

const refusedWith = async (params: Record<string, string>, error: string, client?: ClientRecord) => {
  const answer = await exchange(params, client);
  expect(answer, JSON.stringify(answer.body)).toMatchObject({ status: 400, body: { error } });
  return answer.body.error_description as string;
};

describe("token exchange (RFC 8693) at the token endpoint", () => {
  it("issues a narrower access token for the audience, signed with the pool's access key", async () => {
    const subject = await userToken();
    const { status, body } = await exchange({ subject_token: subject, scope: READ });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: "Bearer",
      scope: READ,
    });
    const { claims } = await verifiedAccessToken(f.ctx, body.access_token as string, f.poolId);
    const original = decodeJwt(subject);
    expect(claims).toMatchObject({
      sub: f.user.sub,
      username: "alice",
      "cognito:groups": ["staff"],
      client_id: backend.id,
      aud: ORDERS,
      scope: READ,
      origin_jti: original.origin_jti,
      auth_time: original.auth_time,
      token_use: "access",
    });
    expect(claims).not.toHaveProperty("act");
    // No longer than the subject token (1 hour left), nor the client's 30 minutes.
    expect(body.expires_in).toBe(1800);
    expect(claims.exp! - claims.iat!).toBe(1800);
  });

  it("keeps every scope of the audience the subject holds when none is asked for, and no longer than the subject lives", async () => {
    const now = Math.floor(Date.now() / 1000);
    const { body } = await exchange({ subject_token: await userToken({ exp: now + 120 }) });
    expect(body).toMatchObject({ scope: `${READ} ${WRITE}` });
    expect(body.expires_in).toBeLessThanOrEqual(120);
    expect(body.expires_in).toBeGreaterThan(110);
  });

  it("names the actor in act for a delegation, nesting the subject's prior actors", async () => {
    const actor = await machineToken(backend);
    const { body } = await exchange({
      subject_token: await userToken({ act: { sub: "svc-0", client_id: "svc-0", note: "dropped" } }),
      actor_token: actor,
      actor_token_type: ACCESS_TOKEN_TYPE,
      scope: READ,
    });
    expect(decodeJwt(body.access_token as string).act).toEqual({
      sub: backend.id,
      client_id: backend.id,
      act: { sub: "svc-0", client_id: "svc-0" },
    });
    // Impersonating a delegated token keeps its act: an exchange never sheds a delegation.
    const kept = await exchange({ subject_token: await userToken({ act: { sub: "svc-0" } }), scope: READ });
    expect(decodeJwt(kept.body.access_token as string).act).toEqual({ sub: "svc-0" });
  });

  it("honours may_act: only the actor it names may act", async () => {
    const subject = await userToken({ may_act: { client_id: backend.id } });
    const actor = await machineToken(backend);
    expect(
      (await exchange({ subject_token: subject, actor_token: actor, actor_token_type: ACCESS_TOKEN_TYPE }))
        .status,
    ).toBe(200);
    const other = await userToken({ may_act: { sub: "someone-else" } });
    expect(
      await refusedWith(
        { subject_token: other, actor_token: actor, actor_token_type: ACCESS_TOKEN_TYPE },
        "invalid_request",
      ),
    ).toBe("subject_token is not acceptable: its may_act claim does not name the actor");
    await refusedWith({ subject_token: other }, "invalid_request");
  });

  it("refuses an actor token that is itself delegated", async () => {
    await refusedWith(
      {
        subject_token: await userToken(),
        actor_token: await userToken({ act: { sub: "svc" } }),
        actor_token_type: ACCESS_TOKEN_TYPE,
      },
      "invalid_request",
    );
  });

  it("refuses expired, foreign, revoked, malformed and non-access subject tokens with invalid_request", async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await refusedWith({ subject_token: await userToken({ exp: now - 1 }) }, "invalid_request")).toBe(
      "subject_token is not acceptable: Access Token has expired",
    );
    const { UserPool } = (await (
      await import("../fixture.testing.js")
    ).callOperation(f.ctx, "CreateUserPool", {
      PoolName: "other",
    })) as { UserPool: { Id: string } };
    expect(await refusedWith({ subject_token: await userToken({}, UserPool.Id) }, "invalid_request")).toBe(
      "subject_token is not acceptable: Invalid Access Token",
    );
    await refusedWith({ subject_token: "not.a.token" }, "invalid_request");
    await refusedWith({ subject_token: await userToken({ token_use: "id" }) }, "invalid_request");
    const forged = (await userToken()).split(".");
    await refusedWith(
      { subject_token: `${forged[0]}.${forged[1]}.${forged[2]!.slice(0, -4)}AAAA` },
      "invalid_request",
    );

    const issuedBefore = await userToken({ iat: now - 10 });
    await f.store.users.update(f.poolId, "alice", { signedOutAt: now * 1000 }, { now: now * 1000 });
    try {
      expect(await refusedWith({ subject_token: issuedBefore }, "invalid_request")).toBe(
        "subject_token is not acceptable: Access Token has been revoked",
      );
    } finally {
      await f.store.users.update(f.poolId, "alice", { signedOutAt: null as never }, { now: Date.now() });
    }
  });

  it("refuses a scope the subject lacks, or outside the audience, with invalid_scope", async () => {
    const narrow = await userToken({ scope: READ });
    expect(await refusedWith({ subject_token: narrow, scope: WRITE }, "invalid_scope")).toBe(
      `The subject token does not carry ${WRITE}`,
    );
    await refusedWith({ subject_token: narrow, scope: "openid" }, "invalid_scope");
    await refusedWith({ subject_token: narrow, audience: "stock" }, "invalid_scope");
  });

  it("refuses an unknown audience with invalid_target", async () => {
    await refusedWith(
      { subject_token: await userToken(), audience: "https://nowhere.example.com" },
      "invalid_target",
    );
  });

  it("an exchanged token can be exchanged again, never for more", async () => {
    const first = await exchange({ subject_token: await userToken(), scope: READ });
    const again = await exchange({ subject_token: first.body.access_token as string });
    expect(again.body).toMatchObject({ scope: READ });
    await refusedWith({ subject_token: first.body.access_token as string, scope: WRITE }, "invalid_scope");
  });

  it("asks the policies: another client, or a suspended subject, is refused with unauthorized_client", async () => {
    const subject = await userToken();
    expect(await refusedWith({ subject_token: subject }, "unauthorized_client", stranger)).toBe(
      "No token exchange policy allows this exchange",
    );
    expect(
      await refusedWith(
        { subject_token: await userToken({ "cognito:groups": ["suspended"] }) },
        "unauthorized_client",
      ),
    ).toBe("A token exchange policy denies this exchange");
  });

  it("refuses everyone while no policy is configured", async () => {
    f.hosted.options.tokenExchange = [];
    try {
      await refusedWith({ subject_token: await userToken() }, "unauthorized_client");
    } finally {
      f.hosted.options.tokenExchange = POLICIES;
    }
  });

  it("refuses a public client (invalid_client) and a client with OAuth off (unauthorized_client)", async () => {
    const publicClient = await f.makeClient({ ClientName: "backend" });
    const answer = await exchange({ subject_token: await userToken() }, publicClient);
    expect(answer).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    const off = await f.makeClient({
      ...BACKEND,
      AllowedOAuthFlowsUserPoolClient: false,
      AllowedOAuthFlows: [],
      AllowedOAuthScopes: [],
    });
    await refusedWith({ subject_token: await userToken() }, "unauthorized_client", off);
  });
});
