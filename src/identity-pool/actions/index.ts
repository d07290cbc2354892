/** The dispatch table of Cognito Identity's operations: one file each. */
import type { Operation } from "../../protocol/json/index.js";
import type { IdentityPoolContext } from "../context.js";
import { createIdentityPool } from "./create-identity-pool.js";
import { deleteIdentities } from "./delete-identities.js";
import { deleteIdentityPool } from "./delete-identity-pool.js";
import { describeIdentity } from "./describe-identity.js";
import { describeIdentityPool } from "./describe-identity-pool.js";
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
  } as Record<string, Operation>;
}
