/**
 * The retention sweep of the Node server (docs/storage.md#retention): a background timer over the
 * server's SQLite connection, and the write-ahead log checkpointed after what it deleted.
 */
import { sweepOptions, type RetentionSettingsConfig } from "../config-retention.js";
import { repositories, type SqlDriver } from "../storage/index.js";
import {
  logFailedPurges,
  startBackgroundSweep,
  sweep,
  type BackgroundSweep,
  type SweepReport,
} from "../user-pool/retention/index.js";

/** Starts the sweep every `intervalSeconds`; `undefined` when that is 0 (another process sweeps). */
export function startRetention(
  storage: SqlDriver,
  retention: RetentionSettingsConfig,
): BackgroundSweep | undefined {
  if (retention.intervalSeconds === 0) return undefined;
  return startBackgroundSweep(sweepAndCheckpoint(storage, retention), {
    intervalMs: retention.intervalSeconds * 1000,
    onReport: logFailedPurges,
  });
}

/** The retention settings, for the start-up lines. */
export function retentionSummary({
  authEventDays,
  intervalSeconds,
  batchSize,
}: RetentionSettingsConfig): string {
  const sweeps =
    intervalSeconds === 0
      ? "no sweep here (retention.intervalSeconds is 0)"
      : `a sweep every ${intervalSeconds} s, ${batchSize} rows a batch`;
  return `auth events kept ${authEventDays} days; ${sweeps}`;
}

const HELD_OFF_TOLD_AFTER = 10;

// Deleted rows are zeroed in the database file (secure_delete), but their page images stay in the
// write-ahead log until a checkpoint: once a backlog is worked off, one empties the log, so what
// was deleted is gone from a copy of the files too.
function sweepAndCheckpoint(
  storage: SqlDriver,
  retention: RetentionSettingsConfig,
): () => Promise<SweepReport> {
  const store = repositories(storage);
  const options = sweepOptions(retention);
  let deletedSinceCheckpoint = false;
  let heldOff = 0;
  return async () => {
    const report = await sweep(store, Date.now(), options);
    if (Object.keys(report.deleted).length > 0) deletedSinceCheckpoint = true;
    // A checkpoint a reader held off (a backup in progress) is tried again after the next sweep;
    // a reader that never lets go (a replication tool) is the operator's to know of.
    if (!report.more && deletedSinceCheckpoint) {
      deletedSinceCheckpoint = (await storage.checkpoint?.()) === false;
      heldOff = deletedSinceCheckpoint ? heldOff + 1 : 0;
      if (heldOff === HELD_OFF_TOLD_AFTER)
        console.error(
          `cognate: retention: another connection has held the database's write-ahead log for ${heldOff} sweeps: purged rows stay in cognate.db-wal until it lets go`,
        );
    }
    return report;
  };
}
