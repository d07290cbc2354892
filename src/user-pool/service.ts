/**
 * The Cognito IdP API (user pools) as a JSON 1.1 service: the dispatch table of the operations
 * implemented so far, one file each under ./actions/.
 */
import type { Hono } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import {
  COGNITO_IDP_SIGNING_NAME,
  COGNITO_IDP_TARGET_PREFIX,
  COGNITO_IDP_UNSIGNED_OPERATIONS,
  jsonService,
  type Operation,
} from "../protocol/json/index.js";
import type { SignatureThrottle } from "../protocol/sigv4.js";
import { poolOperations } from "./actions/pools/index.js";
import { clientOperations } from "./actions/clients/index.js";
import { userOperations } from "./actions/users/index.js";
import { authOperations } from "./actions/auth/index.js";
import { selfOperations } from "./actions/self/index.js";
import { groupOperations } from "./actions/groups/index.js";
import { mfaOperations } from "./actions/mfa/index.js";
import { deviceOperations } from "./actions/devices/index.js";
import { riskOperations } from "./actions/risk/index.js";
import { brandingOperations } from "./actions/branding/index.js";
import { domainOperations } from "./actions/domains/index.js";
import { clientSecretOperations } from "./actions/client-secrets/index.js";
import { resourceServerOperations } from "./actions/resource-servers/index.js";
import { identityProviderOperations } from "./actions/identity-providers/index.js";
import { federatedUserOperations } from "./actions/federated-users/index.js";
import type { UserPoolContext } from "./context.js";

/**
 * The dispatch table: operation name to operation.
 */
export function userPoolOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    ...poolOperations(ctx),
    ...clientOperations(ctx),
    ...userOperations(ctx),
    ...authOperations(ctx),
    ...selfOperations(ctx),
    ...groupOperations(ctx),
    ...mfaOperations(ctx),
    ...deviceOperations(ctx),
    ...riskOperations(ctx),
    ...brandingOperations(ctx),
    ...domainOperations(ctx),
    ...clientSecretOperations(ctx),
    ...resourceServerOperations(ctx),
    ...identityProviderOperations(ctx),
    ...federatedUserOperations(ctx),
  } as Record<string, Operation>;
}

/** What the service needs beyond the context. */
export interface UserPoolServiceOptions {
  /** The admin key pair signed operations must use; without it every signed call is refused. */
  adminCredentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  getConnInfo?: GetConnInfo;
  /** Failed signatures throttled per key and client network; shared with the admin endpoints. */
  signatureThrottle?: SignatureThrottle;
  /** Added to UnrecognizedClientException for an unknown access key id (development only). */
  unknownKeyHint?: string;
}

/**
 * The service as a Hono app answering `POST /` (mount it where `X-Amz-Target` says so, in the
 * header or, presigned, in the query: `namesTarget`).
 *
 * @example
 * ```ts
 * const idp = userPoolService(ctx, { adminCredentials });
 * app.post("/", (c, next) => (namesTarget(c.req.raw) ? idp.fetch(c.req.raw) : next()));
 * ```
 */
export function userPoolService(ctx: UserPoolContext, options: UserPoolServiceOptions): Hono {
  return jsonService({
    targetPrefix: COGNITO_IDP_TARGET_PREFIX,
    signingName: COGNITO_IDP_SIGNING_NAME,
    unsigned: COGNITO_IDP_UNSIGNED_OPERATIONS,
    operations: userPoolOperations(ctx),
    region: ctx.region,
    ...adminSigned(options),
    now: ctx.now,
  });
}

/**
 * The JSON service options that make the admin key pair the one signer of the signed operations,
 * with the shared throttle: the same for every service the admin key signs (user pools, identity pools).
 */
export function adminSigned(options: UserPoolServiceOptions) {
  const admin = options.adminCredentials;
  return {
    lookupCredentials: (id: string) => (admin !== undefined && id === admin.accessKeyId ? admin : undefined),
    getConnInfo: options.getConnInfo,
    ...(options.signatureThrottle !== undefined && { signatureThrottle: options.signatureThrottle }),
    unknownKeyHint: options.unknownKeyHint,
  };
}
