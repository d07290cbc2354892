/**
 * The places where a pool's Lambda triggers hook into sign-in, as steps of the flows (flows.ts),
 * one file per trigger family.
 */
export { postAuthentication, preAuthentication } from "./authentication-triggers.js";
export { customChallenge } from "./custom-auth.js";
export {
  countMigrationProof,
  passedMigrationName,
  refuseLockedMigrationName,
  userMigration,
} from "./migration.js";
export { preTokenGeneration } from "./token-generation.js";
