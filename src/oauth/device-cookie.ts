/**
 * The `cognito-device` cookie: what binds a device the hosted UI remembered (user-pool/sign-in/
 * browser-device.ts) to one browser.
 *
 * - It holds 32 random bytes; the device row keeps only their HMAC under a key of the master key
 *   (keys.ts, purpose `browserDevice`), over the pool and the value, so a copy of the database
 *   names no cookie and a cookie of one pool means nothing in another.
 * - It lasts a year (`Max-Age`), `HttpOnly; SameSite=Lax`, named and scoped as every hosted-UI
 *   cookie is (cookies.ts: `__Host-` over https, plain over http).
 * - It is looked up only together with the user who just gave their password: a cookie copied
 *   from another user's browser finds none of this user's devices. `/logout` leaves it: a
 *   remembered device outlives the session, as it does for an API client. ForgetDevice (or
 *   AdminForgetDevice) deletes the device, and the cookie then finds nothing.
 */
import type { Context } from "hono";
import type { HostedBrowser } from "../user-pool/sign-in/index.js";
import { readCookie, setCookie } from "./cookies.js";
import type { Hosted } from "./hosted.js";
import { isRandomValue, keyedHash, randomValue } from "./keys.js";
import { browserName } from "./user-agent.js";

/** The cookie's name before its prefix (cookies.ts). */
export const DEVICE_COOKIE = "cognito-device";

/** How long the browser keeps the cookie: a year. */
export const DEVICE_COOKIE_SECONDS = 365 * 24 * 60 * 60;

/** The form field of the "Remember this device" checkbox (pages/challenges.tsx). */
export const REMEMBER_FIELD = "remember_device";

const hashOf = async (hosted: Hosted, value: string) =>
  keyedHash(await hosted.ctx.masterKey(), "browserDevice", `${hosted.pool.id}\n${value}`);

/** The pool asks the user whether to remember the device (`DeviceOnlyRememberedOnUserPrompt`). */
export function asksToRemember(hosted: Hosted): boolean {
  const config = hosted.pool.config.DeviceConfiguration as
    | { DeviceOnlyRememberedOnUserPrompt?: boolean }
    | null
    | undefined;
  return config?.DeviceOnlyRememberedOnUserPrompt === true;
}

/** A browser's device for one POST: what the sign-in needs, and the new cookie's value. */
export interface BrowserDevice {
  browser: HostedBrowser;
  value: string;
}

/**
 * What the request shows of its browser's device, for a hosted sign-in: the hash of the cookie
 * it sent, a new value (and its hash) for a device remembered now, whether the user ticked the
 * box (`remember`), and the device's name from the User-Agent.
 */
export async function browserDevice(c: Context, hosted: Hosted, remember: boolean): Promise<BrowserDevice> {
  const shown = readCookie(c, hosted, DEVICE_COOKIE);
  const value = randomValue();
  return {
    value,
    browser: {
      ...(isRandomValue(shown) ? { shownHash: await hashOf(hosted, shown) } : {}),
      newHash: await hashOf(hosted, value),
      remember,
      name: browserName(c.req.header("user-agent")),
    },
  };
}

/**
 * The `Set-Cookie` that hands the browser its device, when the sign-in just remembered one;
 * `undefined` otherwise.
 */
export function rememberedDeviceCookie(hosted: Hosted, device: BrowserDevice): string | undefined {
  if (device.browser.remembered !== true) return undefined;
  return setCookie(hosted, DEVICE_COOKIE, device.value, DEVICE_COOKIE_SECONDS);
}
