// Exploration: what must hold against an outsider. Each `it` asserts the secure behaviour.
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  GetUserCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt, SignJWT, base64url } from "jose";
import { describe, expect, it } from "vitest";
import { poolSigningKeys } from "../../../src/user-pool/sign-in/result.js";
import { signJwt } from "../../../src/user-pool/tokens/issue.js";
import { appClient, basicAuth } from "../harness.js";
import { poolWithDomain, user } from "../server.js";
import {
  ACCESS_TOKEN,
  BACKEND,
  codeTokens,
  exchangeBy,
  exchangeFixture,
  GRANT,
  machineToken,
  ORDERS,
  READ,
  tokenPost,
  WRITE,
} from "./fixture.js";

const fx = exchangeFixture();
const reSigned = async (token: string, changes: Record<string, unknown>, pool = fx.poolId) =>
  signJwt({ ...decodeJwt(token), ...changes }, (await poolSigningKeys(fx.server.ctx, pool)).access);

describe("probe", () => {
  it("baseline works", async () => {
    const { access_token } = await codeTokens(fx);
    const r = await exchangeBy(fx, fx.gateway, access_token, { scope: READ });
    expect(r.status, r.text).toBe(200);
    console.log("exchanged claims", decodeJwt(String(r.body.access_token)));
  });

  it("exchanged token opens neither GetUser nor userInfo", async () => {
    const { access_token } = await codeTokens(fx, "alice", [READ, "openid", "aws.cognito.signin.user.admin"]);
    const ex = await exchangeBy(fx, fx.gateway, access_token, {});
    expect(ex.status, ex.text).toBe(200);
    const exchanged = String(ex.body.access_token);
    await expect(fx.server.anyone.send(new GetUserCommand({ AccessToken: exchanged }))).rejects.toThrow();
    const ui = await fetch(`${fx.base}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${exchanged}` },
    });
    expect(ui.status).not.toBe(200);
    for (const scope of ["openid", "aws.cognito.signin.user.admin", "phone", "email", "profile"]) {
      const r = await exchangeBy(fx, fx.gateway, access_token, { scope });
      expect(r.body.error, scope).toBe("invalid_scope");
    }
  });

  it("global sign-out kills exchanged tokens for re-exchange", async () => {
    await user(fx.server, fx.poolId, "gso");
    const { access_token } = await codeTokens(fx, "gso");
    const ex = await exchangeBy(fx, fx.gateway, access_token, {});
    await new Promise((r) => setTimeout(r, 1100));
    await fx.server.sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: fx.poolId, Username: "gso" }));
    const again = await exchangeBy(fx, fx.gateway, String(ex.body.access_token), {});
    expect(again.status, again.text).toBe(400);
  });

  it("disabled user: subject and exchanged refused", async () => {
    await user(fx.server, fx.poolId, "dis");
    const { access_token } = await codeTokens(fx, "dis");
    const ex = await exchangeBy(fx, fx.gateway, access_token, {});
    await fx.server.sdk.send(new AdminDisableUserCommand({ UserPoolId: fx.poolId, Username: "dis" }));
    const a = await exchangeBy(fx, fx.gateway, access_token, {});
    const b = await exchangeBy(fx, fx.gateway, String(ex.body.access_token), {});
    console.log("disabled", a.text, b.text);
    expect(a.status).toBe(400);
    expect(b.status).toBe(400);
    await fx.server.sdk.send(new AdminEnableUserCommand({ UserPoolId: fx.poolId, Username: "dis" }));
  });

  it("client auth: public client, other pool's client, both methods, OAuth off, deleted", async () => {
    const { access_token } = await codeTokens(fx);
    const body = new URLSearchParams({
      grant_type: GRANT,
      subject_token: access_token,
      subject_token_type: ACCESS_TOKEN,
      audience: ORDERS,
    });
    const pub = await tokenPost(
      fx,
      new URLSearchParams({ ...Object.fromEntries(body), client_id: fx.web.ClientId! }),
    );
    expect(pub.status, pub.text).toBe(401);
    const other = (await poolWithDomain(fx.server, {}, "other")).poolId;
    const foreign = await appClient(fx.server, other, { ClientName: "orders-gateway", GenerateSecret: true });
    const f = await tokenPost(fx, body, {
      authorization: basicAuth(foreign.ClientId!, foreign.ClientSecret!),
    });
    expect(f.status, f.text).toBe(401);
    const both = await tokenPost(
      fx,
      new URLSearchParams({ ...Object.fromEntries(body), client_secret: fx.gateway.ClientSecret! }),
      { authorization: basicAuth(fx.gateway.ClientId!, fx.gateway.ClientSecret!) },
    );
    expect(both.status).toBe(400);
    const off = await appClient(fx.server, fx.poolId, { ClientName: "orders-gateway", ...BACKEND });
    await fx.server.sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: fx.poolId,
        ClientId: off.ClientId!,
        ClientName: "orders-gateway",
        AllowedOAuthFlowsUserPoolClient: false,
      }),
    );
    const o = await tokenPost(fx, body, { authorization: basicAuth(off.ClientId!, off.ClientSecret!) });
    expect(o.body.error, o.text).toBe("unauthorized_client");
    await fx.server.sdk.send(
      new DeleteUserPoolClientCommand({ UserPoolId: fx.poolId, ClientId: off.ClientId! }),
    );
    const d = await tokenPost(fx, body, { authorization: basicAuth(off.ClientId!, off.ClientSecret!) });
    expect(d.status).toBe(401);
    const form = await tokenPost(
      fx,
      new URLSearchParams({
        ...Object.fromEntries(body),
        client_id: fx.gateway.ClientId!,
        client_secret: fx.gateway.ClientSecret!,
      }),
    );
    expect(form.status, form.text).toBe(200);
  });

  it("parameters: repeats, JSON, huge, type variants, requested types", async () => {
    const { access_token, id_token, refresh_token } = await codeTokens(fx, "alice", [READ, "openid"]);
    const auth = { authorization: basicAuth(fx.gateway.ClientId!, fx.gateway.ClientSecret!) };
    const base = `grant_type=${encodeURIComponent(GRANT)}&subject_token=${access_token}&subject_token_type=${encodeURIComponent(ACCESS_TOKEN)}`;
    const rep = await tokenPost(fx, `${base}&audience=${encodeURIComponent(ORDERS)}&audience=stock`, auth);
    expect(rep.body.error).toBe("invalid_request");
    const json = await tokenPost(fx, JSON.stringify({ grant_type: GRANT }), {
      ...auth,
      "content-type": "application/json",
    });
    expect(json.status).toBe(400);
    const huge = await tokenPost(fx, `${base.replace(access_token, "a".repeat(2_000_000))}&audience=x`, auth);
    expect([400, 413]).toContain(huge.status);
    for (const t of [
      ACCESS_TOKEN.toUpperCase(),
      ` ${ACCESS_TOKEN}`,
      `${ACCESS_TOKEN} `,
      "urn:ietf:params:oauth:token-type:jwt",
      "urn:ietf:params:oauth:token-type:id_token",
    ]) {
      const r = await exchangeBy(fx, fx.gateway, access_token, { subject_token_type: t });
      expect(r.body.error, t).toBe("invalid_request");
    }
    for (const t of [
      "urn:ietf:params:oauth:token-type:refresh_token",
      "urn:ietf:params:oauth:token-type:id_token",
    ]) {
      const r = await exchangeBy(fx, fx.gateway, access_token, { requested_token_type: t });
      expect(r.body.error, t).toBe("invalid_request");
    }
    const idSubj = await exchangeBy(fx, fx.gateway, id_token!, {});
    expect(idSubj.body.error).toBe("invalid_request");
    const refSubj = await exchangeBy(fx, fx.gateway, refresh_token, {});
    expect(refSubj.body.error).toBe("invalid_request");
    const idActor = await exchangeBy(fx, fx.gateway, access_token, {
      actor_token: id_token!,
      actor_token_type: ACCESS_TOKEN,
    });
    expect(idActor.body.error).toBe("invalid_request");
    for (const r of [rep, json, huge, idSubj, refSubj, idActor])
      expect(r.text).not.toContain(access_token.slice(-20));
  });

  it("alg confusion and kid of another pool", async () => {
    const { access_token } = await codeTokens(fx);
    const claims = decodeJwt(access_token);
    const header = JSON.parse(Buffer.from(access_token.split(".")[0]!, "base64url").toString());
    const none = `${base64url.encode(JSON.stringify({ ...header, alg: "none" }))}.${access_token.split(".")[1]}.`;
    const r1 = await exchangeBy(fx, fx.gateway, none, {});
    expect(r1.body.error).toBe("invalid_request");
    const keys = await poolSigningKeys(fx.server.ctx, fx.poolId);
    const jwk = (await (await fx.server.ctx.store()).signingKeys.list(fx.poolId)).find(
      (k) => k.purpose === "access",
    )!;
    const pub = new TextEncoder().encode(JSON.stringify(jwk.publicJwk));
    const hs = await new SignJWT(claims).setProtectedHeader({ alg: "HS256", kid: header.kid }).sign(pub);
    const r2 = await exchangeBy(fx, fx.gateway, hs, {});
    expect(r2.body.error).toBe("invalid_request");
    const other = (await poolWithDomain(fx.server, {}, "kidpool")).poolId;
    const otherKeys = await poolSigningKeys(fx.server.ctx, other);
    const crossKid = await signJwt(claims, otherKeys.access);
    const r3 = await exchangeBy(fx, fx.gateway, crossKid, {});
    expect(r3.body.error).toBe("invalid_request");
    void keys;
  });

  it("act injection via subject, act/ may_act nesting", async () => {
    const { access_token } = await codeTokens(fx);
    const injected = await reSigned(access_token, { act: { sub: "evil", client_id: "evil", extra: "x" } });
    const r = await exchangeBy(fx, fx.gateway, injected, {});
    console.log("act kept", r.status, r.status === 200 ? decodeJwt(String(r.body.access_token)).act : r.text);
  });

  it("audience spellings", async () => {
    const { access_token } = await codeTokens(fx);
    for (const aud of [
      `${ORDERS}/`,
      ORDERS.toUpperCase(),
      "HTTPS://orders.example.com",
      "*",
      "?",
      `${ORDERS}/../`,
      "https://orders.example.com\u0000",
      "https://orders.еxample.com",
    ]) {
      const r = await exchangeBy(fx, fx.gateway, access_token, { audience: aud });
      expect(r.status, `${aud} ${r.text}`).toBe(400);
    }
    const both = await exchangeBy(fx, fx.gateway, access_token, { resource: `${ORDERS}/` });
    expect(both.body.error).toBe("invalid_target");
  });

  it("error answers for unauthorized clients (oracle order)", async () => {
    const { access_token } = await codeTokens(fx);
    const a = await exchangeBy(fx, fx.intruder, access_token, { audience: "nope" });
    const b = await exchangeBy(fx, fx.intruder, access_token, { audience: "stock" });
    const c = await exchangeBy(fx, fx.intruder, access_token, { audience: ORDERS, scope: `${ORDERS}/admin` });
    console.log("intruder oracle", a.text, b.text, c.text);
  });

  it("no 500 on odd tokens", async () => {
    const odd = ["a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.x", "....", "e30.e30.e30", "%00", "a".repeat(16 * 1024)];
    for (const t of odd) {
      const r = await exchangeBy(fx, fx.gateway, t, {});
      expect(r.status, t).toBeLessThan(500);
      const s = await exchangeBy(fx, fx.gateway, (await codeTokens(fx)).access_token, {
        actor_token: t,
        actor_token_type: ACCESS_TOKEN,
      });
      expect(s.status, t).toBeLessThan(500);
    }
  });

  it("rename: is ClientName writable by a client?", async () => {
    await fx.server.sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: fx.poolId,
        ClientId: fx.intruder.ClientId!,
        ClientName: "intruder",
      }),
    );
    void CreateUserPoolClientCommand;
    void machineToken;
    void WRITE;
  });
});
