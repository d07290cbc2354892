/**
 * What the user-pool operations depend on, handed in by the gateway: the store (migrated on first
 * use), the master key, the region and the clock. Domain code never reads the environment.
 */
import { guardHeaders } from "../delivery/header-guard.js";
import { COGNATE_ACCOUNT_ID } from "../iam/role-arn.js";
import { InternalErrorException, ResourceNotFoundException } from "../protocol/json/index.js";
import {
  migrateOnce,
  repositories,
  type ClientRecord,
  type PoolRecord,
  type Repositories,
  type SecretBox,
  type SqlDriver,
} from "../storage/index.js";
import { DeliveryError, type Sender } from "../delivery/message.js";
import { importMasterKey } from "../runtime/master-key.js";
import { isSealed, open, openedOnce, seal } from "../runtime/sealed.js";
import { NO_ADDRESSES, type AddressSet } from "./risk/risky-addresses.js";
import { NAMED } from "./messages.js";
import { NO_TRIGGERS, TRIGGER_TIMEOUT_MS, type TriggerInvoker } from "./triggers/invoker.js";
import type { CodeEncrypter } from "./triggers/code-encryption.js";

/** The account id in pool ARNs: cognate has no AWS account, so it shows AWS's documentation placeholder's zeros. */
export const ACCOUNT_ID = COGNATE_ACCOUNT_ID;

/** The user-pool operations' dependencies. */
export interface UserPoolContext {
  /** The repositories; the schema is migrated before the first one is returned. */
  store(): Promise<Repositories>;
  /** The master key that seals signing keys; InternalErrorException when none is configured. */
  masterKey(): Promise<CryptoKey>;
  region: string;
  accountId: string;
  now(): number;
  /** Delivers codes and temporary passwords (the outbox on Node by default). */
  sender: Sender;
  /** A pool's token issuer: `{publicUrl}/{poolId}`, the public URL defaulting to the request's origin. */
  issuer(poolId: string, requestUrl: string): string;
  /** `COGNATE_PUBLIC_URL`, when configured: links sent by email are built on it only, never on a request's Host. */
  publicUrl?: string;
  /** `COGNATE_BREACHED_RANGE_URL`: a k-anonymity range API asked after the shipped breached-password list. */
  breachedRangeUrl?: string;
  /** Known-bad addresses (`COGNATE_RISKY_IPS_FILE`, `COGNATE_RISKY_IPS`): threat protection's `riskyAddress` signal. */
  riskyAddresses: AddressSet;
  /** `COGNATE_DOMAIN_SUFFIX`: prefix domains answer at `{prefix}.{domainSuffix}` (no custom domain may sit under it). */
  domainSuffix: string;
  /** `federation.allowLoopbackHttp` (beyond Cognito): identity providers may be `http://` on loopback. */
  allowLoopbackHttpIdps?: boolean;
  /** Runs the pools' Lambda triggers (triggers/): the functions their `LambdaConfig` names. */
  triggers: TriggerInvoker;
  /** How long one trigger invocation may take (Cognito's 5 seconds). */
  triggerTimeoutMs: number;
  /** Encrypts the codes a custom sender trigger gets (`triggers.senderKey`); none: such a send fails. */
  codeEncrypter?: CodeEncrypter;
}

/** How a user-pool context is made. */
export interface UserPoolContextOptions {
  storage: SqlDriver;
  /** `COGNATE_MASTER_KEY`: 32 bytes of base64. Without it, creating a pool fails (nothing else needs it yet). */
  masterKey?: string;
  region: string;
  now?: () => number;
  /** Default: every delivery fails (CodeDeliveryFailureException), so no code is silently lost. */
  sender?: Sender;
  /** `COGNATE_PUBLIC_URL`. Default: the origin each request arrived at. */
  publicUrl?: string;
  /** `COGNATE_BREACHED_RANGE_URL`. Default: the shipped list only, offline. */
  breachedRangeUrl?: string;
  /** Known-bad addresses. Default: none. */
  riskyAddresses?: AddressSet;
  /** `COGNATE_DOMAIN_SUFFIX`. Default: `localhost`. */
  domainSuffix?: string;
  /** `COGNATE_FEDERATION_LOOPBACK_HTTP`. Default: `false`, as Cognito. */
  allowLoopbackHttpIdps?: boolean;
  /** The trigger functions. Default: none (a pool whose `LambdaConfig` names one gets UnexpectedLambdaException). */
  triggers?: TriggerInvoker;
  /** `triggers.timeoutMs`. Default 5000, Cognito's. */
  triggerTimeoutMs?: number;
  /** `triggers.senderKey`, as an encrypter (code-encryption.node.ts). Default: none (custom senders fail). */
  codeEncrypter?: CodeEncrypter;
}

const NO_SENDER: Sender = {
  send: () => Promise.reject(new DeliveryError("no message sender is configured")),
};

/**
 * Builds the context; cheap and synchronous (the schema and the key are made ready on first use).
 *
 * @example
 * ```ts
 * const ctx = userPoolContext({ storage: d1Driver(env.DB), masterKey: env.COGNATE_MASTER_KEY, region: "us-east-1" });
 * const pool = await requirePool(ctx, "us-east-1_AbCdEfGhI");
 * ```
 */
export function userPoolContext(options: UserPoolContextOptions): UserPoolContext {
  let key: Promise<CryptoKey> | undefined;
  const masterKey = (): Promise<CryptoKey> => {
    // The message names the setting, never its value.
    if (options.masterKey === undefined || options.masterKey === "")
      return Promise.reject(new InternalErrorException("COGNATE_MASTER_KEY is not configured"));
    key ??= importMasterKey(options.masterKey).catch((error: unknown) => {
      key = undefined;
      throw new InternalErrorException((error as Error).message);
    });
    return key;
  };
  // App-client secrets and SRP verifiers are sealed under the master key, as the signing keys are;
  // each sealed value is opened once (a client's secret and a user's verifier are read per request).
  const secrets: SecretBox = {
    seal: async (context, plaintext) => seal(await masterKey(), context, plaintext),
    open: openedOnce(async (context, stored) => open(await masterKey(), context, stored)),
    isSealed,
  };
  const hasKey = options.masterKey !== undefined && options.masterKey !== "";
  const store = repositories(options.storage, hasKey ? { secrets } : {});
  let sealed: Promise<unknown> | undefined;
  return {
    async store() {
      await migrateOnce(options.storage);
      // Once per context: secrets and SRP verifiers an older version stored in clear are sealed
      // before anything reads them. A failure is retried on the next call; reads seal what they
      // meet meanwhile.
      sealed ??= hasKey ? sealClearValues(store).catch(() => (sealed = undefined)) : Promise.resolve();
      await sealed;
      return store;
    },
    masterKey,
    region: options.region,
    accountId: ACCOUNT_ID,
    now: options.now ?? Date.now,
    sender: guardHeaders(options.sender ?? NO_SENDER),
    breachedRangeUrl: options.breachedRangeUrl || undefined,
    riskyAddresses: options.riskyAddresses ?? NO_ADDRESSES,
    domainSuffix: options.domainSuffix ?? "localhost",
    ...(options.allowLoopbackHttpIdps === true ? { allowLoopbackHttpIdps: true } : {}),
    triggers: options.triggers ?? NO_TRIGGERS,
    triggerTimeoutMs: options.triggerTimeoutMs ?? TRIGGER_TIMEOUT_MS,
    ...(options.codeEncrypter === undefined ? {} : { codeEncrypter: options.codeEncrypter }),
    issuer: (poolId, requestUrl) => `${options.publicUrl ?? new URL(requestUrl).origin}/${poolId}`,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  };
}

/**
 * Seals what an older version stored in clear (client secrets, SRP verifiers of users, devices
 * and earlier passwords). When anything was sealed, the log is checkpointed: the clear page
 * images would otherwise stay in SQLite's WAL file.
 */
async function sealClearValues(store: Repositories): Promise<void> {
  const counts = [
    await store.clients.sealClearSecrets(),
    await store.users.sealClearVerifiers(),
    await store.devices.sealClearVerifiers(),
    await store.passwordHistory.sealClearVerifiers(),
  ];
  if (counts.some((n) => n > 0)) await store.driver.checkpoint?.();
}

/**
 * The pool, or a thrown ResourceNotFoundException in Cognito's words.
 *
 * @example
 * ```ts
 * const pool = await requirePool(ctx, input.UserPoolId); // "User pool us-east-1_X does not exist."
 * ```
 */
export async function requirePool(ctx: UserPoolContext, id: string): Promise<PoolRecord> {
  const pool = await (await ctx.store()).pools.get(id);
  if (pool === null) throw new ResourceNotFoundException(NAMED.poolNotFound(id));
  return pool;
}

/** The app client of that pool, or a thrown ResourceNotFoundException (the pool's first). */
export async function requireClient(
  ctx: UserPoolContext,
  poolId: string,
  clientId: string,
): Promise<ClientRecord> {
  await requirePool(ctx, poolId);
  const client = await (await ctx.store()).clients.get(poolId, clientId);
  if (client === null) throw new ResourceNotFoundException(NAMED.clientNotFound(clientId));
  return client;
}
