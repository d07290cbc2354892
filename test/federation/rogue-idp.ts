/**
 * A generic OpenID Provider on loopback that misbehaves on request: the attacks on cognate's
 * relying party (a forged ID token, `alg: none`, a wrong `nonce`, `aud`, `iss`, an expired token,
 * userinfo about someone else, an `at_hash` of another access token, oversized answers) and the
 * good HS256 and `at_hash` cases. It speaks the code
 * flow with `client_secret_post`, discovery, JWKS and userinfo; each authorization takes the next
 * queued {@link RogueMode} (default `good`). `deep-userinfo` answers a `name` nested 100,000 arrays deep
 * (200 KB, under the size bound), `deep-id-token-claim` signs an ID token with one nested 100
 * deep, `proto-userinfo` answers keys `__proto__` and `constructor`.
 */
import { createHash } from "node:crypto";
import { Hono } from "hono";
import { generateKeyPair, SignJWT } from "jose";
import {
  Codes,
  formOf,
  listen,
  randomToken,
  rsaSigningKey,
  type Running,
  withQuery,
} from "./stand-ins/shared.js";

/** How the next sign-in goes wrong. */
export type RogueMode =
  | "good"
  | "wrong-key"
  | "alg-none"
  | "wrong-nonce"
  | "no-nonce"
  | "wrong-aud"
  | "wrong-iss"
  | "expired"
  | "hs256"
  | "hs256-wrong-secret"
  | "userinfo-other-sub"
  | "at-hash"
  | "wrong-at-hash"
  | "oversized-token-response"
  | "token-error"
  | "deep-userinfo"
  | "deep-id-token-claim"
  | "proto-userinfo";

export interface RogueIdp extends Running {
  /** The mode of the next authorization. */
  next: (mode: RogueMode, sub?: string) => void;
  /** How many token requests it answered. */
  tokenRequests: () => number;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Starts the rogue IdP for one client (`clientId`, `clientSecret`). */
export async function startRogue(options: { clientId: string; clientSecret: string }): Promise<RogueIdp> {
  const key = await rsaSigningKey("rogue-1");
  const forger = await generateKeyPair("RS256");
  const codes = new Codes();
  const queue: Array<{ mode: RogueMode; sub: string }> = [];
  const modes = new Map<string, RogueMode>();
  const tokens = new Map<string, string>();
  const userinfoModes = new Map<string, RogueMode>();
  let requests = 0;

  const running = await listen((url) => {
    const app = new Hono();
    app.get("/.well-known/openid-configuration", (c) =>
      c.json({
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        userinfo_endpoint: `${url}/userinfo`,
        jwks_uri: `${url}/jwks`,
      }),
    );
    app.get("/jwks", (c) => c.json({ keys: [key.jwk] }));
    app.get("/authorize", (c) => {
      const q = c.req.query();
      if (q.client_id !== options.clientId) return c.text("unknown client", 400);
      const { mode, sub } = queue.shift() ?? { mode: "good" as const, sub: "rogue-user" };
      const code = codes.issue({
        clientId: q.client_id,
        redirectUri: q.redirect_uri!,
        sub,
        scope: q.scope ?? "openid",
        nonce: q.nonce,
      });
      modes.set(code, mode);
      return c.redirect(withQuery(q.redirect_uri!, { code, state: q.state }), 302);
    });
    app.post("/token", async (c) => {
      requests++;
      const form = await formOf(c.req.raw);
      const mode = modes.get(form.code ?? "") ?? "good";
      const grant = codes.consume(form.code);
      if (form.client_id !== options.clientId || form.client_secret !== options.clientSecret)
        return c.json({ error: "invalid_client" }, 401);
      if (!grant || grant.redirectUri !== form.redirect_uri) return c.json({ error: "invalid_grant" }, 400);
      if (mode === "token-error") return c.json({ error: "invalid_grant", error_description: "nope" }, 400);
      if (mode === "oversized-token-response")
        return c.json({ access_token: "x", token_type: "Bearer", padding: "p".repeat(400_000) });
      const now = Math.floor(Date.now() / 1000);
      const accessToken = randomToken();
      // OpenID Connect Core 3.1.3.6: the left half of the access token's SHA-256 (RS256), or another token's.
      const atHash = createHash("sha256")
        .update(mode === "wrong-at-hash" ? "some-other-access-token" : accessToken)
        .digest()
        .subarray(0, 16)
        .toString("base64url");
      const claims: Record<string, unknown> = {
        iss: mode === "wrong-iss" ? "https://evil.example" : url,
        aud: mode === "wrong-aud" ? "someone-else" : options.clientId,
        sub: grant.sub,
        iat: mode === "expired" ? now - 7200 : now,
        exp: mode === "expired" ? now - 3600 : now + 600,
        // An address whatever the subject holds, so odd subjects reach the username checks.
        email: `${grant.sub.replace(/[^A-Za-z0-9._-]/g, "x")}@rogue.test`,
        ...(mode === "deep-id-token-claim"
          ? { name: JSON.parse(`${"[".repeat(100)}${"]".repeat(100)}`) }
          : {}),
        ...(mode === "no-nonce" ? {} : { nonce: mode === "wrong-nonce" ? "not-the-nonce" : grant.nonce }),
        ...(mode === "at-hash" || mode === "wrong-at-hash" ? { at_hash: atHash } : {}),
      };
      let idToken: string;
      if (mode === "alg-none") idToken = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
      else if (mode === "hs256" || mode === "hs256-wrong-secret")
        idToken = await new SignJWT(claims)
          .setProtectedHeader({ alg: "HS256", typ: "JWT" })
          .sign(new TextEncoder().encode(mode === "hs256" ? options.clientSecret : "guessed-secret"));
      else
        idToken = await new SignJWT(claims)
          .setProtectedHeader({ alg: "RS256", kid: key.jwk.kid!, typ: "JWT" })
          .sign(mode === "wrong-key" ? forger.privateKey : key.privateKey);
      tokens.set(accessToken, mode === "userinfo-other-sub" ? "somebody-else" : grant.sub);
      userinfoModes.set(accessToken, mode);
      return c.json({ access_token: accessToken, token_type: "Bearer", expires_in: 600, id_token: idToken });
    });
    app.on(["GET", "POST"], "/userinfo", (c) => {
      const sub = tokens.get((c.req.header("authorization") ?? "").replace(/^Bearer /, ""));
      if (sub === undefined) return c.json({ error: "invalid_token" }, 401);
      const mode = userinfoModes.get((c.req.header("authorization") ?? "").replace(/^Bearer /, ""));
      if (mode === "deep-userinfo")
        return c.body(
          `{"sub":${JSON.stringify(sub)},"name":${"[".repeat(100_000)}${"]".repeat(100_000)}}`,
          200,
          {
            "content-type": "application/json",
          },
        );
      if (mode === "proto-userinfo")
        return c.body(
          `{"sub":${JSON.stringify(sub)},"name":"Proto ${sub}","__proto__":{"polluted":"yes"},"constructor":"x","toString":"y"}`,
          200,
          { "content-type": "application/json" },
        );
      return c.json({ sub, name: `Rogue ${sub}` });
    });
    return app;
  });
  return {
    ...running,
    next: (mode, sub = "rogue-user") => queue.push({ mode, sub }),
    tokenRequests: () => requests,
  };
}
