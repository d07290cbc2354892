/**
 * Merging one identity of an identity pool into another (MergeDeveloperIdentities, and a sign-in
 * whose logins belong to two identities): one batch that moves the child's logins and disables
 * the child, or changes nothing.
 */
import { sql, type SqlDriver } from "../driver.js";
import { identityRow, MAX_IDENTITY_LOGINS } from "./identity-record.js";

/** How a merge ended. */
export type MergeResult =
  | "merged"
  /** Either identity is missing, of another pool, or disabled. */
  | "gone"
  /** The two hold more than {@link MAX_IDENTITY_LOGINS} logins together. */
  | "limit"
  /** They hold different subjects of one public provider. */
  | "provider-taken";

/**
 * Merges `childId` into `parentId` in one batch: the child's logins move to the parent, the
 * child is disabled (`merged_into` the parent), and identities merged into the child earlier now
 * point at the parent (so one hop from any disabled identity reaches a live one). The first
 * statement checks everything, and the others act only when it disabled the child.
 */
export async function mergeIdentities(
  driver: SqlDriver,
  poolId: string,
  parentId: string,
  childId: string,
  now: number,
): Promise<MergeResult> {
  const mergedHere =
    "EXISTS (SELECT 1 FROM identities WHERE id = ? AND merged_into = ? AND last_modified_at = ?)";
  const [merged] = await driver.batch([
    sql(
      `UPDATE identities SET merged_into = ?, last_modified_at = ?
       WHERE id = ? AND pool_id = ? AND merged_into IS NULL AND id <> ?
         AND EXISTS (SELECT 1 FROM identities WHERE id = ? AND pool_id = ? AND merged_into IS NULL)
         AND (SELECT COUNT(*) FROM identity_logins WHERE identity_id = ? OR identity_id = ?) <= ?
         AND NOT EXISTS (
           SELECT 1 FROM identity_logins c JOIN identity_logins p ON p.pool_id = c.pool_id AND p.provider = c.provider
           WHERE c.identity_id = ? AND p.identity_id = ?
             AND c.provider <> COALESCE((SELECT developer_provider_name FROM identity_pools WHERE id = ?), ''))
       RETURNING id`,
      parentId,
      now,
      childId,
      poolId,
      parentId,
      parentId,
      poolId,
      parentId,
      childId,
      MAX_IDENTITY_LOGINS,
      childId,
      parentId,
      poolId,
    ),
    sql(
      `UPDATE identity_logins SET identity_id = ? WHERE identity_id = ? AND ${mergedHere}`,
      parentId,
      childId,
      childId,
      parentId,
      now,
    ),
    sql(
      `UPDATE identities SET merged_into = ? WHERE merged_into = ? AND ${mergedHere}`,
      parentId,
      childId,
      childId,
      parentId,
      now,
    ),
    // The parent has held a login if either had.
    sql(
      `UPDATE identities SET last_modified_at = ?,
         signed_in = CASE WHEN signed_in = 1 OR EXISTS (SELECT 1 FROM identities c WHERE c.id = ? AND c.signed_in = 1) THEN 1 ELSE 0 END
       WHERE id = ? AND ${mergedHere}`,
      now,
      childId,
      parentId,
      childId,
      parentId,
      now,
    ),
  ]);
  if (merged!.rows.length > 0) return "merged";
  return whyNotMerged(driver, poolId, parentId, childId);
}

async function whyNotMerged(
  driver: SqlDriver,
  poolId: string,
  parentId: string,
  childId: string,
): Promise<MergeResult> {
  const [parent, child] = [await identityRow(driver, parentId), await identityRow(driver, childId)];
  if (parent === null || child === null || parent.poolId !== poolId || child.poolId !== poolId) return "gone";
  if (parent.mergedInto !== null) return "gone";
  if (parentId === childId || child.mergedInto === parentId) return "merged";
  if (child.mergedInto !== null) return "gone";
  const row = await driver.first<{ n: number }>(
    "SELECT COUNT(*) AS n FROM identity_logins WHERE identity_id = ? OR identity_id = ?",
    [parentId, childId],
  );
  return Number(row?.n ?? 0) > MAX_IDENTITY_LOGINS ? "limit" : "provider-taken";
}
