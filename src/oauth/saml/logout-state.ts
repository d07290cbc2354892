/**
 * The RelayState of single logout (federation.md §3.5): what `/logout` decided (where the browser
 * goes once the IdP has signed the user out) and the LogoutRequest's ID, sealed under the master
 * key for this pool, so `/saml2/logout` can check the IdP's LogoutResponse answers that request
 * and continue to a place `/logout` validated. It carries no cookie binding: whoever replays it
 * can only reach the same registered logout URI again, with a LogoutResponse the IdP signed.
 */
import { open, seal } from "../../runtime/sealed.js";
import type { Hosted } from "../hosted.js";
import { LOGOUT_RESPONSE_MAX_AGE_MS } from "./limits.js";

/** Where the browser goes after single logout. */
export type AfterLogout = { kind: "redirect"; location: string } | { kind: "signed-out"; clientId?: string };

/** An opened logout RelayState. */
export interface LogoutState {
  provider: string;
  /** The LogoutRequest's ID. */
  requestId: string;
  after: AfterLogout;
  createdAt: number;
}

interface Sealed {
  i: string;
  r: string;
  k: "redirect" | "signed-out";
  l?: string;
  c?: string;
  t: number;
}

/** The longest RelayState accepted back. */
export const MAX_LOGOUT_STATE = 8 * 1024;

const contextOf = (poolId: string) => `saml-logout-state:${poolId}`;

/** Seals the logout's RelayState. */
export async function sealLogoutState(
  hosted: Hosted,
  state: Omit<LogoutState, "createdAt">,
): Promise<string> {
  const sealed: Sealed = {
    i: state.provider,
    r: state.requestId,
    k: state.after.kind,
    ...(state.after.kind === "redirect" ? { l: state.after.location } : {}),
    ...(state.after.kind === "signed-out" && state.after.clientId !== undefined
      ? { c: state.after.clientId }
      : {}),
    t: hosted.ctx.now(),
  };
  return seal(await hosted.ctx.masterKey(), contextOf(hosted.pool.id), JSON.stringify(sealed));
}

/** Opens a logout RelayState of this pool, no older than the LogoutResponse may be; else `null`. */
export async function openLogoutState(hosted: Hosted, value: string): Promise<LogoutState | null> {
  if (value === "" || value.length > MAX_LOGOUT_STATE) return null;
  let sealed: Partial<Sealed>;
  try {
    sealed = JSON.parse(
      await open(await hosted.ctx.masterKey(), contextOf(hosted.pool.id), value),
    ) as Partial<Sealed>;
  } catch {
    return null;
  }
  const { i, r, k, l, c, t } = sealed;
  if (typeof i !== "string" || typeof r !== "string" || typeof t !== "number") return null;
  const now = hosted.ctx.now();
  if (t > now + 60_000 || now - t > LOGOUT_RESPONSE_MAX_AGE_MS) return null;
  let after: AfterLogout;
  if (k === "redirect" && typeof l === "string") after = { kind: "redirect", location: l };
  else if (k === "signed-out")
    after = { kind: "signed-out", ...(typeof c === "string" ? { clientId: c } : {}) };
  else return null;
  return { provider: i, requestId: r, after, createdAt: t };
}
