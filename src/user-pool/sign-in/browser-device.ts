/**
 * Devices the hosted UI remembers, as steps of a hosted sign-in (hosted.ts). Cognito's own
 * hosted UI never remembers a device; cognate's does where the pool's DeviceConfiguration asks,
 * with the same rules as a device an API client confirms:
 *
 * - after a sign-in that passed MFA, in a pool with a DeviceConfiguration, the browser's device
 *   is remembered: at once when `DeviceOnlyRememberedOnUserPrompt` is false, when the user
 *   ticks "Remember this device" when it is true. It is a real device of the user (ListDevices,
 *   ForgetDevice, UpdateDeviceStatus), bound to the browser by a long-lived cookie of which
 *   storage keeps only a keyed hash (the hosted UI makes the cookie and the hashes);
 * - at the next sign-in of that user in that browser, after the password, the device stands in
 *   for MFA as device SRP does for an API client: only with `ChallengeRequiredOnNewDevice`, only
 *   while it is remembered, never when threat protection asks for MFA, and never when the
 *   authorization request requires MFA (`acr_values=mfa`: a remembered device is not a second
 *   factor, so the tokens say `amr: ["pwd"]` and `device_key`).
 */
import { bytesToBase64Url } from "../../util/encoding.js";
import { regionOfPool } from "../ids.js";
import { asksForMfa } from "./device-srp.js";
import { run, type Step } from "./pipeline.js";
import { userOf } from "./state.js";

interface DeviceConfiguration {
  ChallengeRequiredOnNewDevice?: boolean;
  DeviceOnlyRememberedOnUserPrompt?: boolean;
}

const deviceConfiguration = (config: Record<string, unknown>) =>
  (config.DeviceConfiguration ?? undefined) as DeviceConfiguration | undefined;

/**
 * The browser's device of the user, when the cookie it showed is one: the sign-in's device (its
 * tokens name it), and, where the pool lets a remembered device stand in for MFA and nothing
 * demands a second factor, the sign-in goes straight on to `then` (its tokens) without MFA.
 */
export const browserStandsIn =
  (then: readonly Step[]): Step =>
  async (ctx, s) => {
    const shown = s.browser?.shownHash;
    if (s.hosted !== true || shown === undefined) return undefined;
    const user = userOf(s);
    const store = await ctx.store();
    const device = await store.devices.ofBrowser(s.pool.id, user.sub, shown);
    if (device === null) return undefined;
    s.deviceKey = device.deviceKey;
    await store.devices.touch(device.deviceKey, ctx.now());
    if (s.riskMfa !== undefined || s.requireMfa === true) return undefined;
    if (deviceConfiguration(s.pool.config)?.ChallengeRequiredOnNewDevice !== true) return undefined;
    if (device.rememberedStatus !== "remembered" || !(await asksForMfa(ctx, s, user))) return undefined;
    return run(ctx, s, then);
  };

/**
 * After a hosted sign-in that passed MFA, in a pool with a DeviceConfiguration: the browser's
 * device remembered (always, or when the user asked). A device the browser already has for the
 * user is remembered again when the user asks; otherwise a new one is made, bound to the new
 * cookie, and the sign-in's tokens name it.
 */
export const rememberBrowser: Step = async (ctx, s) => {
  const browser = s.browser;
  if (s.hosted !== true || browser === undefined || !(s.amr ?? []).includes("mfa")) return;
  const config = deviceConfiguration(s.pool.config);
  if (config === undefined) return;
  const onPrompt = config.DeviceOnlyRememberedOnUserPrompt === true;
  if (onPrompt && !browser.remember) return;
  const user = userOf(s);
  const store = await ctx.store();
  const now = ctx.now();
  const known = s.deviceKey === undefined ? null : await store.devices.get(s.pool.id, user.sub, s.deviceKey);
  if (known?.browserBound === true) {
    // As UpdateDeviceStatus does for an API client that asks; an always-remembering pool leaves the status be.
    if (onPrompt) await store.devices.setStatus(s.pool.id, user.sub, known.deviceKey, "remembered", now);
    return;
  }
  const device = await store.devices.rememberBrowser(
    {
      deviceKey: `${regionOfPool(s.pool.id)}_${crypto.randomUUID()}`,
      groupKey: `-${bytesToBase64Url(crypto.getRandomValues(new Uint8Array(6)))}`,
      poolId: s.pool.id,
      sub: user.sub,
      name: browser.name,
      browserKeyHash: browser.newHash,
    },
    now,
  );
  s.deviceKey = device.deviceKey;
  browser.remembered = true;
};
