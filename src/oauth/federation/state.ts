/**
 * The round trip to an identity provider and back: the `state` sent to an OIDC or social IdP (and
 * SAML's RelayState) is cognate's own sealed blob, never the app's (federation.md §2).
 *
 * - Sealed with AES-GCM under the master key, bound to the pool by the additional data: nobody
 *   can read what it carries (the app's request, the `nonce`, the PKCE verifier) nor make one.
 * - Bound to the browser that began it: a random cookie whose SHA-256 the state carries, so a
 *   state lifted from a log or a Referer, or planted in someone else's browser (login CSRF), is
 *   refused there.
 * - Five minutes old at most (Cognito's limit), and spent once (store.federationStates): the
 *   IdP's redirect replayed, or sent again with another code, is refused.
 *
 * The cookie, `federation` (with the prefixes of cookies.ts), lasts the five minutes and is kept
 * for further round trips of the same browser (two tabs may sign in at once). Over https it is
 * `SameSite=None; Secure`: Apple answers with a cross-site form POST, which carries no `Lax`
 * cookie. Over http (development, loopback IdPs) browsers refuse `SameSite=None` without `Secure`,
 * so it is `Lax`, which a same-site POST (IdPs on 127.0.0.1 like cognate) and a cross-site
 * top-level GET redirect still carry.
 */
import { digests } from "#crypto";
import type { Context } from "hono";
import { open, seal } from "../../runtime/sealed.js";
import { bytesToBase64Url, timingSafeEqual, utf8 } from "../../util/encoding.js";
import { cookiePlace, readCookie } from "../cookies.js";
import type { Hosted } from "../hosted.js";
import { isRandomValue, randomValue } from "../keys.js";

/** What a round trip to an identity provider carries, sealed in its `state` (or RelayState). */
export interface FederationState {
  poolId: string;
  /** The identity provider's name. */
  provider: string;
  clientId: string;
  /** The validated authorization request's query (`AuthorizationRequest.query`). */
  query: string;
  /** OIDC and social: the `nonce` sent to the IdP, which its ID token must carry. */
  idpNonce?: string;
  /** OIDC and social: the PKCE `code_verifier` of the `code_challenge` sent. */
  pkceVerifier?: string;
  /** SAML: the AuthnRequest's ID, which the Response's `InResponseTo` must name. */
  samlRequestId?: string;
  /** Epoch ms; older than {@link FEDERATION_STATE_TTL_MS} is expired. */
  createdAt: number;
}

/** How long a round trip to an IdP may take: 5 minutes, as Cognito's. */
export const FEDERATION_STATE_TTL_MS = 5 * 60 * 1000;

/** The cookie's name before its prefix (cookies.ts). */
export const FEDERATION_COOKIE = "federation";

/** The longest `state` accepted back (a sealed query of bounded parameters is far shorter). */
export const MAX_STATE_LENGTH = 16_384;

// A state made a little in the future (clocks of two instances) is still accepted.
const SKEW_MS = 60_000;

/** The sealed JSON, with short names. */
interface Sealed {
  /** A random id: what "spent once" records. */
  j: string;
  /** SHA-256 of the browser's cookie, base64url. */
  b: string;
  p: string;
  i: string;
  c: string;
  q: string;
  n?: string;
  v?: string;
  r?: string;
  t: number;
}

const contextOf = (poolId: string) => `federation-state:${poolId}`;
const sha256 = async (text: string) => bytesToBase64Url(await digests.sha256(utf8(text)));

/** The `Set-Cookie` of the browser binding (see the module's comment for its SameSite). */
export function federationCookie(hosted: Hosted, value: string, maxAgeSeconds: number): string {
  const place = cookiePlace(hosted, FEDERATION_COOKIE);
  const site = hosted.https ? "; Secure; SameSite=None" : "; SameSite=Lax";
  return `${place.name}=${value}; Path=${place.path}; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly${site}`;
}

/**
 * Seals a round trip's state, bound to the browser's `federation` cookie (its current one when it
 * has one, else a new random one).
 *
 * @returns the `state` (or RelayState) value, and the `Set-Cookie` header value to send with the
 * redirect to the IdP.
 * @example
 * ```ts
 * const { state, cookie } = await beginFederation(c, hosted, { provider: "Google", clientId, query: request.query, idpNonce, pkceVerifier });
 * const response = redirect(`${authorizeUrl}?...&state=${encodeURIComponent(state)}`);
 * response.headers.append("Set-Cookie", cookie);
 * ```
 */
export async function beginFederation(
  c: Context,
  hosted: Hosted,
  state: Omit<FederationState, "poolId" | "createdAt">,
): Promise<{ state: string; cookie: string }> {
  const present = readCookie(c, hosted, FEDERATION_COOKIE);
  const browser = isRandomValue(present) ? present : randomValue();
  const sealed: Sealed = {
    j: randomValue(),
    b: await sha256(browser),
    p: hosted.pool.id,
    i: state.provider,
    c: state.clientId,
    q: state.query,
    ...(state.idpNonce === undefined ? {} : { n: state.idpNonce }),
    ...(state.pkceVerifier === undefined ? {} : { v: state.pkceVerifier }),
    ...(state.samlRequestId === undefined ? {} : { r: state.samlRequestId }),
    t: hosted.ctx.now(),
  };
  const value = await seal(await hosted.ctx.masterKey(), contextOf(hosted.pool.id), JSON.stringify(sealed));
  return { state: value, cookie: federationCookie(hosted, browser, FEDERATION_STATE_TTL_MS / 1000) };
}

/**
 * Opens a state that came back from an IdP, in this order: it opens under the master key for
 * this pool (MAC), its fields are sound, it is no older than five minutes, the browser carries
 * the cookie it is bound to, and it was not spent before (it is spent now).
 *
 * @returns the state, or `{ error }`: Cognito's "Invalid state" words with the reason, for the error page.
 * @example
 * ```ts
 * const opened = await endFederation(c, hosted, form.get("state") ?? undefined);
 * if ("error" in opened) return errorPage(c, "invalid_request", opened.error);
 * ```
 */
export async function endFederation(
  c: Context,
  hosted: Hosted,
  state: string | undefined,
): Promise<FederationState | { error: string }> {
  const invalid = (why: string) => ({ error: `Invalid state: ${why}` });
  if (state === undefined || state === "") return invalid("the identity provider sent no state");
  if (state.length > MAX_STATE_LENGTH) return invalid("it is too long");
  let sealed: Sealed;
  try {
    // Another pool's state fails here: the pool is the seal's additional data.
    sealed = JSON.parse(await open(await hosted.ctx.masterKey(), contextOf(hosted.pool.id), state)) as Sealed;
  } catch {
    return invalid("it was not issued for this user pool, or was altered");
  }
  if (!soundSealed(sealed) || sealed.p !== hosted.pool.id) return invalid("it is malformed");
  const now = hosted.ctx.now();
  if (sealed.t > now + SKEW_MS || now - sealed.t > FEDERATION_STATE_TTL_MS)
    return invalid("the sign-in took longer than 5 minutes; please start again"); // [?] words

  const browser = readCookie(c, hosted, FEDERATION_COOKIE);
  if (!isRandomValue(browser)) return invalid("this browser did not begin the sign-in (no cookie)");
  if (!timingSafeEqual(utf8(await sha256(browser)), utf8(sealed.b)))
    return invalid("this browser did not begin the sign-in");

  const store = await hosted.ctx.store();
  const spent = await store.federationStates.spend(
    await sha256(`${sealed.p}:${sealed.j}`),
    sealed.p,
    sealed.t + FEDERATION_STATE_TTL_MS + SKEW_MS,
    now,
  );
  if (!spent) return invalid("it was used already");
  return {
    poolId: sealed.p,
    provider: sealed.i,
    clientId: sealed.c,
    query: sealed.q,
    ...(sealed.n === undefined ? {} : { idpNonce: sealed.n }),
    ...(sealed.v === undefined ? {} : { pkceVerifier: sealed.v }),
    ...(sealed.r === undefined ? {} : { samlRequestId: sealed.r }),
    createdAt: sealed.t,
  };
}

function soundSealed(value: unknown): value is Sealed {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Record<string, unknown>;
  const optional = (key: string) => s[key] === undefined || typeof s[key] === "string";
  return (
    typeof s.j === "string" &&
    typeof s.b === "string" &&
    typeof s.p === "string" &&
    typeof s.i === "string" &&
    typeof s.c === "string" &&
    typeof s.q === "string" &&
    typeof s.t === "number" &&
    Number.isFinite(s.t) &&
    optional("n") &&
    optional("v") &&
    optional("r")
  );
}
