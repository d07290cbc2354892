/**
 * GetSigningCertificate: the pool's SAML signing certificate, base64 DER without PEM armour (as
 * ActiveEncryptionCertificate reads on a real pool [?]), made on first need (any pool has one, with
 * or without a SAML provider). Cognito's OperationNotEnabledException is for replica regions,
 * which cognate does not have.
 */
import { defineOperation, structure } from "../../../protocol/json/index.js";
import { requirePool, type UserPoolContext } from "../../context.js";
import { poolSigningCertificate } from "../../federation/saml-certificates.js";
import { userPoolId } from "../../pool-shapes.js";

/**
 * The operation.
 */
export function getSigningCertificate(ctx: UserPoolContext) {
  return defineOperation(structure({ UserPoolId: userPoolId() }), async ({ input }) => {
    const pool = await requirePool(ctx, input.UserPoolId);
    return { Certificate: await poolSigningCertificate(ctx, pool.id) };
  });
}
