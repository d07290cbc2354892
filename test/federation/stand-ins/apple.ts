import { createPublicKey } from "node:crypto";
import { Hono } from "hono";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { Codes, formOf, listen, randomToken, rsaSigningKey, type Running, signIdToken } from "./shared.js";

/** An Apple account signing in. */
export interface AppleUser {
  sub: string;
  email: string;
  /** A private-relay address (`...@privaterelay.appleid.com`); default `false`. */
  isPrivateEmail?: boolean;
  firstName?: string;
  lastName?: string;
}

/** Options of {@link startApple}. */
export interface AppleOptions {
  /** The Services ID cognate signs in with. */
  clientId: string;
  teamId: string;
  keyId: string;
  /** The configured `.p8` (PKCS#8 PEM, P-256); the client secret is checked against its public key. */
  p8: string;
  /** Return URLs, matched exactly. */
  redirectUris: string[];
  /** `iss` of the ID tokens; default Apple's `https://appleid.apple.com`. */
  issuer?: string;
}

/** A running Sign in with Apple stand-in. */
export interface AppleStandIn extends Running {
  /** Who signs in at the next authorization (else `000123.standin.0001`). */
  nextUser: (user: AppleUser) => void;
}

/** Apple's `aud` of a client secret. */
const APPLE_AUDIENCE = "https://appleid.apple.com";
/** The longest life Apple grants a client secret: 6 months. */
const MAX_SECRET_LIFE = 15_777_000;

/**
 * Sign in with Apple on loopback: `GET /auth/authorize` answering with an auto-submitting
 * `form_post` page (`code`, `state`, `id_token` when `response_type` asks for it, and `user` only
 * on a subject's first authorization of the client), `POST /auth/token` verifying the ES256
 * client secret as Apple does, `GET /auth/keys`. ID tokens carry `email_verified` and
 * `is_private_email` as strings, as Apple often sends them.
 */
export async function startApple(options: AppleOptions): Promise<AppleStandIn> {
  const issuer = options.issuer ?? APPLE_AUDIENCE;
  const secretKey = createPublicKey(options.p8);
  const key = await rsaSigningKey("apple-standin-1");
  const codes = new Codes(5 * 60_000);
  const users = new Map<string, AppleUser>();
  const consented = new Set<string>();
  const queue: AppleUser[] = [];

  const idToken = (user: AppleUser, nonce?: string) =>
    signIdToken(key, {
      iss: issuer,
      aud: options.clientId,
      sub: user.sub,
      email: user.email,
      email_verified: "true",
      is_private_email: String(user.isPrivateEmail ?? false),
      auth_time: Math.floor(Date.now() / 1000),
      nonce_supported: true,
      ...(nonce ? { nonce } : {}),
    });

  async function clientSecretError(form: Record<string, string>): Promise<string | undefined> {
    if (form.client_id !== options.clientId || !form.client_secret) return "invalid_client";
    try {
      if (decodeProtectedHeader(form.client_secret).kid !== options.keyId) return "invalid_client";
      const { payload } = await jwtVerify(form.client_secret, secretKey, {
        algorithms: ["ES256"],
        issuer: options.teamId,
        subject: options.clientId,
        audience: APPLE_AUDIENCE,
        requiredClaims: ["iat", "exp"],
      });
      if (payload.exp! - payload.iat! > MAX_SECRET_LIFE) return "invalid_client";
      return undefined;
    } catch {
      return "invalid_client";
    }
  }

  const running = await listen(() => {
    const app = new Hono();
    app.get("/auth/keys", (c) => c.json({ keys: [key.jwk] }));
    app.get("/auth/authorize", async (c) => {
      const q = c.req.query();
      if (q.client_id !== options.clientId) return c.text("invalid_client", 400);
      if (!q.redirect_uri || !options.redirectUris.includes(q.redirect_uri))
        return c.text("invalid_request: Invalid web redirect url.", 400);
      const scopes = (q.scope ?? "").split(" ").filter(Boolean);
      if (scopes.length > 0 && q.response_mode !== "form_post")
        return c.text(
          "invalid_request: response_mode must be form_post when name or email scope is requested.",
          400,
        );
      const responseTypes = (q.response_type ?? "").split(" ");
      if (!responseTypes.includes("code")) return c.text("unsupported_response_type", 400);
      const user = queue.shift() ?? { sub: "000123.standin.0001", email: "apple@example.test" };
      users.set(user.sub, user);
      const code = codes.issue({
        clientId: q.client_id,
        redirectUri: q.redirect_uri,
        sub: user.sub,
        scope: scopes.join(" "),
        nonce: q.nonce,
      });
      const fields: Record<string, string> = { code };
      if (q.state) fields.state = q.state;
      if (responseTypes.includes("id_token")) fields.id_token = await idToken(user, q.nonce);
      const first = !consented.has(`${q.client_id}|${user.sub}`);
      consented.add(`${q.client_id}|${user.sub}`);
      if (first && scopes.length > 0)
        fields.user = JSON.stringify({
          ...(scopes.includes("name")
            ? { name: { firstName: user.firstName ?? "", lastName: user.lastName ?? "" } }
            : {}),
          ...(scopes.includes("email") ? { email: user.email } : {}),
        });
      return c.html(formPostPage(q.redirect_uri, fields));
    });
    app.post("/auth/token", async (c) => {
      const form = await formOf(c.req.raw);
      if (form.grant_type !== "authorization_code") return c.json({ error: "unsupported_grant_type" }, 400);
      const bad = await clientSecretError(form);
      if (bad) return c.json({ error: bad }, 400);
      const grant = codes.consume(form.code);
      if (!grant || grant.clientId !== form.client_id || grant.redirectUri !== form.redirect_uri)
        return c.json(
          { error: "invalid_grant", error_description: "The code has expired or has been revoked." },
          400,
        );
      return c.json({
        access_token: randomToken(),
        token_type: "Bearer",
        expires_in: 3600,
        refresh_token: randomToken(),
        id_token: await idToken(users.get(grant.sub)!, grant.nonce),
      });
    });
    return app;
  });
  return { ...running, nextUser: (u) => queue.push(u) };
}

/** The auto-submitting page Apple answers `response_mode=form_post` with. */
function formPostPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}"/>`)
    .join("");
  return `<!DOCTYPE html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(action)}">${inputs}</form></body></html>`;
}

function escapeHtml(s: string): string {
  return s
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;");
}
