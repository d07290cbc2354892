/** The ids and ARNs of identity pools and identities: `REGION:GUID`, the GUID lowercase. */

/** An identity pool id or identity id as the model writes it. */
export const ID_PATTERN = "[\\w-]+:[0-9a-f-]+";

/** A new identity pool id or identity id of that region. */
export function newId(region: string): string {
  return `${region}:${crypto.randomUUID()}`;
}

/** An identity pool's ARN: `arn:aws:cognito-identity:{region}:{account}:identitypool/{id}`. */
export function identityPoolArn(region: string, accountId: string, poolId: string): string {
  return `arn:aws:cognito-identity:${region}:${accountId}:identitypool/${poolId}`;
}

/** The identity pool id an ARN of this region and account names, or `undefined`. */
export function poolIdOfArn(arn: string, region: string, accountId: string): string | undefined {
  const prefix = `arn:aws:cognito-identity:${region}:${accountId}:identitypool/`;
  if (!arn.startsWith(prefix)) return undefined;
  const id = arn.slice(prefix.length);
  return new RegExp(`^${ID_PATTERN}$`).test(id) && id.length <= 55 ? id : undefined;
}
