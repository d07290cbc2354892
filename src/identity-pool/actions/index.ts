/** The dispatch table of Cognito Identity's operations: one file each. */
import type { Operation } from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { createIdentityPool } from "./create-identity-pool.js";
import { deleteIdentities } from "./delete-identities.js";
import { deleteIdentityPool } from "./delete-identity-pool.js";
import { describeIdentity } from "./describe-identity.js";
import { describeIdentityPool } from "./describe-identity-pool.js";
import { getCredentialsForIdentity } from "./get-credentials-for-identity.js";
import { getId } from "./get-id.js";
import { getOpenIdToken } from "./get-open-id-token.js";
import { getOpenIdTokenForDeveloperIdentity } from "./get-open-id-token-for-developer-identity.js";
import { lookupDeveloperIdentity } from "./lookup-developer-identity.js";
import { mergeDeveloperIdentities } from "./merge-developer-identities.js";
import { unlinkDeveloperIdentity } from "./unlink-developer-identity.js";
import { unlinkIdentity } from "./unlink-identity.js";
import { getIdentityPoolRoles } from "./get-identity-pool-roles.js";
import { getPrincipalTagAttributeMap } from "./get-principal-tag-attribute-map.js";
import { listIdentities } from "./list-identities.js";
import { listIdentityPools } from "./list-identity-pools.js";
import { listTagsForResource } from "./list-tags-for-resource.js";
import { setIdentityPoolRoles } from "./set-identity-pool-roles.js";
import { setPrincipalTagAttributeMap } from "./set-principal-tag-attribute-map.js";
import { tagResource } from "./tag-resource.js";
import { untagResource } from "./untag-resource.js";
import { updateIdentityPool } from "./update-identity-pool.js";

/**
 * Operation name to operation.
 */
export function identityPoolOperations(ctx: IdentityPoolContext): Record<string, Operation> {
  return {
    CreateIdentityPool: createIdentityPool(ctx),
    DescribeIdentityPool: describeIdentityPool(ctx),
    UpdateIdentityPool: updateIdentityPool(ctx),
    DeleteIdentityPool: deleteIdentityPool(ctx),
    ListIdentityPools: listIdentityPools(ctx),
    TagResource: tagResource(ctx),
    UntagResource: untagResource(ctx),
    ListTagsForResource: listTagsForResource(ctx),
    SetPrincipalTagAttributeMap: setPrincipalTagAttributeMap(ctx),
    GetPrincipalTagAttributeMap: getPrincipalTagAttributeMap(ctx),
    SetIdentityPoolRoles: setIdentityPoolRoles(ctx),
    GetIdentityPoolRoles: getIdentityPoolRoles(ctx),
    DescribeIdentity: describeIdentity(ctx),
    ListIdentities: listIdentities(ctx),
    DeleteIdentities: deleteIdentities(ctx),
    GetId: getId(ctx),
    GetOpenIdToken: getOpenIdToken(ctx),
    GetCredentialsForIdentity: getCredentialsForIdentity(ctx),
    GetOpenIdTokenForDeveloperIdentity: getOpenIdTokenForDeveloperIdentity(ctx),
    LookupDeveloperIdentity: lookupDeveloperIdentity(ctx),
    MergeDeveloperIdentities: mergeDeveloperIdentities(ctx),
    UnlinkDeveloperIdentity: unlinkDeveloperIdentity(ctx),
    UnlinkIdentity: unlinkIdentity(ctx),
  } as Record<string, Operation>;
}
