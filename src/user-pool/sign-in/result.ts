/**
 * The end of a successful sign-in: tokens signed with the pool's two sealed keys, a refresh
 * token stored by hash and bound to the client, and the auth event the tokens' `event_id` names.
 */
import { InternalErrorException } from "../../protocol/json/index.js";
import type { ClientRecord } from "../../storage/index.js";
import { readable } from "../client-attributes.js";
import type { UserPoolContext } from "../context.js";
import { signingKeyOf, type StoredSigningKey } from "../keys/signing-key.js";
import {
  issueTokens as issueTokenSet,
  newRefreshToken,
  tokenHash,
  type PoolSigningKeys,
} from "../tokens/issue.js";
import { recordSignInEvent } from "./event.js";
import { hostedSignInResult } from "./hosted.js";
import { signInDevice } from "./new-device.js";
import type { Step } from "./pipeline.js";
import { type SignIn, userOf } from "./state.js";

const SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as Record<string, number>;

// Opening a sealed key costs an AES-GCM decrypt and an RSA import: once per pool per context.
const keyCache = new WeakMap<UserPoolContext, Map<string, Promise<PoolSigningKeys>>>();

/**
 * The pool's ID-token and access-token signing keys, opened with the master key.
 */
export function poolSigningKeys(ctx: UserPoolContext, poolId: string): Promise<PoolSigningKeys> {
  let pools = keyCache.get(ctx);
  if (pools === undefined) keyCache.set(ctx, (pools = new Map()));
  let keys = pools.get(poolId);
  if (keys === undefined) {
    keys = openKeys(ctx, poolId);
    keys.catch(() => pools.delete(poolId));
    pools.set(poolId, keys);
  }
  return keys;
}

async function openKeys(ctx: UserPoolContext, poolId: string): Promise<PoolSigningKeys> {
  const stored = await (await ctx.store()).signingKeys.list(poolId);
  const open = async (purpose: string) => {
    const record = stored.filter((k) => k.purpose === purpose).at(-1);
    if (record === undefined)
      throw new InternalErrorException(`User pool ${poolId} has no ${purpose} token signing key`);
    return {
      kid: record.kid,
      key: await signingKeyOf(await ctx.masterKey(), poolId, record as unknown as StoredSigningKey),
    };
  };
  const [id, access] = await Promise.all([open("id"), open("access")]);
  return { id, access };
}

/**
 * A client's validity setting in seconds (`AccessTokenValidity` in `TokenValidityUnits.AccessToken`).
 *
 * @example
 * ```ts
 * validitySeconds(client, "AccessToken"); // 3600 for a client with the defaults
 * ```
 */
export function validitySeconds(
  client: ClientRecord,
  token: "AccessToken" | "IdToken" | "RefreshToken",
): number {
  const units = (client.config.TokenValidityUnits ?? {}) as Record<string, string>;
  const value = Number(client.config[`${token}Validity`] ?? (token === "RefreshToken" ? 30 : 60));
  return value * (SECONDS[units[token] ?? (token === "RefreshToken" ? "days" : "minutes")] ?? 1);
}

/**
 * The tokens of the sign-in (or refresh) in flight: {@link signInResult}; a hosted-UI sign-in
 * is recorded instead, its tokens left to the token endpoint (hosted.ts).
 */
export const issueTokens: Step = async (ctx, s) => {
  if (s.hosted === true) return void (s.authenticated = await hostedSignInResult(ctx, s));
  s.tokens = await signInResult(ctx, s);
  if (s.rotatedRefreshToken !== undefined) s.tokens.RefreshToken = s.rotatedRefreshToken;
};

/** The answer of a sign-in that ends in tokens (a hosted one: in the facts of the sign-in). */
export const answerTokens: Step = (_ctx, s) =>
  s.hosted === true
    ? { ChallengeParameters: {}, Authenticated: s.authenticated }
    : { ChallengeParameters: {}, AuthenticationResult: s.tokens };

/**
 * The `AuthenticationResult` of a sign-in (or refresh): ID and access tokens, and for a sign-in
 * a new refresh token; records the auth event and clears the failed-attempt count. A refresh
 * (`s.refresh`) keeps the original sign-in's time, jti and methods, and makes no new refresh token.
 */
export async function signInResult(ctx: UserPoolContext, s: SignIn): Promise<Record<string, unknown>> {
  const { client } = s;
  const user = userOf(s);
  const store = await ctx.store();
  const now = ctx.now();
  const refreshOf =
    s.refresh === undefined
      ? undefined
      : { authTime: s.refresh.authTime, originJti: s.refresh.familyId, amr: s.refresh.amr };
  const eventId = s.eventId ?? crypto.randomUUID();
  const originJti = refreshOf?.originJti ?? crypto.randomUUID();
  const authTime = refreshOf?.authTime ?? now;
  const amr = refreshOf ? (refreshOf.amr ?? ["pwd"]) : (s.amr ?? ["pwd"]);
  const groups = await store.groups.allForUser(user.poolId, user.sub);
  const device = refreshOf
    ? { deviceKey: s.deviceKey, NewDeviceMetadata: undefined }
    : await signInDevice(ctx, user, s.deviceKey);
  const tokens = await issueTokenSet(await poolSigningKeys(ctx, user.poolId), {
    issuer: ctx.issuer(user.poolId, s.requestUrl),
    clientId: client.id,
    username: user.username,
    sub: user.sub,
    attributes: readable(client, user.attributes),
    identities: user.attributes.identities,
    groups: groups.map((g) => g.name),
    roles: groups.map((g) => g.roleArn ?? ""),
    authTime: Math.floor(authTime / 1000),
    originJti,
    eventId,
    amr,
    deviceKey: device.deviceKey,
    now: Math.floor(now / 1000),
    ttlSeconds: validitySeconds(client, "AccessToken"),
    idTtlSeconds: validitySeconds(client, "IdToken"),
    ...(s.tokenOverrides === undefined ? {} : { overrides: s.tokenOverrides }),
  });
  let RefreshToken: string | undefined;
  if (refreshOf === undefined) {
    RefreshToken = newRefreshToken();
    await store.refreshTokens.issue(
      {
        tokenHash: await tokenHash(RefreshToken),
        poolId: user.poolId,
        clientId: client.id,
        sub: user.sub,
        familyId: originJti,
        authTime,
        amr,
        deviceKey: device.deviceKey,
        expiresAt: now + validitySeconds(client, "RefreshToken") * 1000,
      },
      now,
    );
    await store.users.resetSignInFailures(user.poolId, user.username);
  }
  await recordSignInEvent(ctx, s, {
    eventId,
    amr,
    deviceKey: device.deviceKey,
    refresh: refreshOf !== undefined,
  });
  return { ...tokens, RefreshToken, NewDeviceMetadata: device.NewDeviceMetadata };
}
