/** The client-secret operations' shared pieces: the descriptor, the messages. */
import type { ClientSecretRecord } from "../../../storage/index.js";

/** ClientSecretDescriptorType of a stored secret; `value` only for a secret Add generated. */
export function clientSecretDescriptor(record: ClientSecretRecord, value?: string): Record<string, unknown> {
  return {
    ClientSecretId: record.id,
    ...(value === undefined ? {} : { ClientSecretValue: value }),
    ClientSecretCreateDate: new Date(record.createdAt),
  };
}

/** The operations' error texts. */
export const SECRET_MESSAGES = {
  /** floci's words. */
  limit: "Client secrets cannot exceed limit of 2 secrets.",
  /** floci's words. */
  onlySecret: "Cannot delete the only client secret.",
  /** [?] words: AWS's are unknown. */
  publicClient: (clientId: string) =>
    `Client ${clientId} has no client secret; a public client cannot have one.`,
  /** [?] words. */
  secretNotFound: (secretId: string) => `Client secret ${secretId} does not exist.`,
};
