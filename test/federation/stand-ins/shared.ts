import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";

/** A running stand-in: its origin and how to stop it. */
export interface Running {
  /** `http://127.0.0.1:{port}`, no trailing slash. */
  url: string;
  close: () => Promise<void>;
}

/**
 * Serves a Hono app built once the origin is known (issuers and redirect targets name it) on
 * 127.0.0.1, port 0.
 */
export async function listen(build: (url: string) => Hono): Promise<Running> {
  let app: Hono | undefined;
  const server = serve({ fetch: (req) => app!.fetch(req), hostname: "127.0.0.1", port: 0 }) as Server;
  await new Promise<void>((ok, fail) => {
    if (server.listening) return ok();
    server.once("listening", ok);
    server.once("error", fail);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  app = build(url);
  return { url, close: () => closeServer(server) };
}

/** Closes a Node server, dropping idle keep-alive sockets so the promise settles promptly. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.close(() => ok());
    server.closeAllConnections?.();
  });
}

/** What an authorization code stands for. */
export interface Grant {
  clientId: string;
  redirectUri: string;
  sub: string;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

/**
 * Authorization codes: random, single use (consumed even when the exchange then fails, as real
 * providers do), expiring after `ttlMs`.
 */
export class Codes {
  readonly #codes = new Map<string, { grant: Grant; expires: number }>();
  constructor(readonly ttlMs = 60_000) {}

  issue(grant: Grant): string {
    const code = randomToken();
    this.#codes.set(code, { grant, expires: Date.now() + this.ttlMs });
    return code;
  }

  /** The grant, once; `undefined` when unknown, used or expired. */
  consume(code: string | undefined): Grant | undefined {
    if (!code) return undefined;
    const entry = this.#codes.get(code);
    this.#codes.delete(code);
    if (!entry || entry.expires < Date.now()) return undefined;
    return entry.grant;
  }
}

/** 32 random bytes, base64url. */
export function randomToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
}

/** RFC 7636 check; `true` when no challenge was sent. */
export async function pkceMatches(grant: Grant, verifier: string | undefined): Promise<boolean> {
  if (!grant.codeChallenge) return true;
  if (!verifier) return false;
  if (grant.codeChallengeMethod === "plain") return verifier === grant.codeChallenge;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier));
  return Buffer.from(digest).toString("base64url") === grant.codeChallenge;
}

/** `redirect_uri` with `params` appended to its query. */
export function withQuery(redirectUri: string, params: Record<string, string | undefined>): string {
  const target = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) target.searchParams.set(k, v);
  return target.href;
}

/** A request body read as form fields (empty when it is not a form). */
export async function formOf(req: Request): Promise<Record<string, string>> {
  const text = await req.text();
  return Object.fromEntries(new URLSearchParams(text));
}

/** An RS256 signing key with its public JWK (`kid`, `alg`, `use`) for a JWKS route. */
export async function rsaSigningKey(kid: string): Promise<{ privateKey: CryptoKey; jwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

/** Signs an ID token (RS256, `kid` in the header) valid for `ttlSeconds` from now. */
export function signIdToken(
  key: { privateKey: CryptoKey; jwk: JWK },
  claims: JWTPayload,
  ttlSeconds = 3600,
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: key.jwk.kid!, typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key.privateKey);
}

/** `[client_id, client_secret]` of an HTTP Basic `Authorization` header (form-urlencoded parts). */
export function basicCredentials(header: string | undefined): [string?, string?] {
  if (!header?.startsWith("Basic ")) return [];
  const [id, secret] = Buffer.from(header.slice(6), "base64").toString().split(":");
  return [id && decodeURIComponent(id), secret && decodeURIComponent(secret)];
}

/**
 * Whether an authorization request gets the consent page: the stand-in shows one (`consent`) and the
 * request is its client's, to a registered redirect URI. Any other request is answered at once (a bad
 * client or redirect URI gets the provider's own error, never the page).
 */
export const showsConsent = (
  options: { consent?: boolean; clientId: string; redirectUris: string[] },
  q: Record<string, string>,
): boolean =>
  options.consent === true &&
  q.client_id === options.clientId &&
  options.redirectUris.includes(q.redirect_uri ?? "");

/** A pending authorization at a consent page, and what the person chose. */
export interface Decision {
  query: Record<string, string>;
  allow: boolean;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * The provider's own sign-in/consent page, for browser suites: `page` keeps the authorization
 * request and shows "Continue" (`#allow`) and "Cancel" (`#cancel`), which post to `action`;
 * `decide` reads that post back (once: a stale page's post is `undefined`).
 */
export function consentPages(provider: string) {
  const pending = new Map<string, Record<string, string>>();
  return {
    page(query: Record<string, string>, account: string, action: string): Response {
      const id = randomToken();
      pending.set(id, query);
      const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(provider)}</title></head><body>
<h1>Sign in with ${escapeHtml(provider)}</h1>
<p id="account">Continue as ${escapeHtml(account)}?</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="consent_id" value="${id}">
<button id="allow" type="submit" name="decision" value="allow">Continue</button>
<button id="cancel" type="submit" name="decision" value="deny">Cancel</button>
</form></body></html>`;
      // As the real ones: never from the cache, so the back button asks the provider again.
      return new Response(html, {
        headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
      });
    },
    async decide(req: Request): Promise<Decision | undefined> {
      const form = await formOf(req);
      const query = form.consent_id === undefined ? undefined : pending.get(form.consent_id);
      if (query === undefined) return undefined;
      pending.delete(form.consent_id!);
      return { query, allow: form.decision === "allow" };
    },
  };
}
