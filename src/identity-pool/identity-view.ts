/** An identity as the API shows it (IdentityDescription). */
import type { IdentityRecord } from "../storage/index.js";

/** IdentityDescription: the id, the names of its providers, its dates. */
export function identityDescription(identity: IdentityRecord) {
  return {
    IdentityId: identity.id,
    Logins: [...new Set(identity.logins.map((l) => l.provider))],
    CreationDate: new Date(identity.createdAt),
    LastModifiedDate: new Date(identity.lastModifiedAt),
  };
}
