/**
 * The Cognito Identity API (identity pools) as a JSON 1.1 service: `POST /` with
 * `X-Amz-Target: AWSCognitoIdentityService.<Operation>`, signed with the admin key pair except for
 * the four operations AWS's clients send unsigned.
 */
import type { Hono } from "hono";
import { jsonService } from "../protocol/json/index.js";
import { adminSigned, type UserPoolServiceOptions } from "../user-pool/service.js";
import { identityPoolOperations } from "./actions/index.js";
import type { IdentityPoolContext } from "./context.js";

/** The `X-Amz-Target` prefix: `AWSCognitoIdentityService.<Operation>`. */
export const COGNITO_IDENTITY_TARGET_PREFIX = "AWSCognitoIdentityService";

/** The SigV4 signing name (the credential scope's service). */
export const COGNITO_IDENTITY_SIGNING_NAME = "cognito-identity";

/**
 * The operations the service model marks `smithy.api#noAuth`: the SDK sends them unsigned (the
 * caller is named by the Logins it presents, or by nothing at all for unauthenticated identities).
 */
export const COGNITO_IDENTITY_UNSIGNED_OPERATIONS: ReadonlySet<string> = new Set([
  "GetId",
  "GetCredentialsForIdentity",
  "GetOpenIdToken",
  "UnlinkIdentity",
]);

/** What the service needs beyond the context: the user-pool service's (the same admin key pair). */
export type IdentityPoolServiceOptions = UserPoolServiceOptions;

/**
 * The service as a Hono app answering `POST /`; mount it where `X-Amz-Target` names this service.
 *
 * @example
 * ```ts
 * const identity = identityPoolService(identityPoolContext(userPools), { adminCredentials });
 * app.post("/", (c, next) => (requestTarget(c.req.raw)?.startsWith(`${COGNITO_IDENTITY_TARGET_PREFIX}.`) ? identity.fetch(c.req.raw) : next()));
 * ```
 */
export function identityPoolService(ctx: IdentityPoolContext, options: IdentityPoolServiceOptions): Hono {
  return jsonService({
    targetPrefix: COGNITO_IDENTITY_TARGET_PREFIX,
    signingName: COGNITO_IDENTITY_SIGNING_NAME,
    unsigned: COGNITO_IDENTITY_UNSIGNED_OPERATIONS,
    operations: identityPoolOperations(ctx),
    region: ctx.region,
    ...adminSigned(options),
    now: ctx.now,
  });
}
