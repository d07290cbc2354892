/**
 * The configuration's `retention`: how long what only grows is kept, and how the purges run
 * (src/user-pool/retention/). Everything else cognate deletes on times of its own (sessions, codes,
 * tokens, devices): see docs/storage.md.
 */
import type { SweepOptions } from "./user-pool/retention/index.js";
import { objectOf, OptionsError, shown } from "./util/validate.js";

/**
 * `retention`.
 *
 * @example
 * ```json
 * { "retention": { "authEventDays": 90, "intervalSeconds": 300, "batchSize": 1000 } }
 * ```
 */
export interface RetentionConfig {
  /**
   * How many days auth events (AdminListUserAuthEvents, threat protection's history) are kept.
   * Env `COGNATE_AUTH_EVENT_RETENTION_DAYS`. Default 730: Cognito keeps user event history for two years.
   */
  authEventDays?: number;
  /**
   * On Node, seconds between two sweeps; 0 runs none (another process sweeps the same file).
   * On Workers, the Cron Trigger in wrangler.toml decides. Env `COGNATE_RETENTION_INTERVAL_SECONDS`. Default 60.
   */
  intervalSeconds?: number;
  /** Rows each purge deletes at most in one transaction. Env `COGNATE_RETENTION_BATCH_SIZE`. Default 500. */
  batchSize?: number;
}

/** The resolved section. */
export type RetentionSettingsConfig = Required<RetentionConfig>;

/** The defaults: Cognito's two years of auth events, a sweep a minute, 500 rows a batch. */
export const DEFAULT_RETENTION_CONFIG: RetentionSettingsConfig = {
  authEventDays: 730,
  intervalSeconds: 60,
  batchSize: 500,
};

const LIMITS: Record<keyof RetentionConfig, { min: number; max: number }> = {
  authEventDays: { min: 1, max: 3650 },
  intervalSeconds: { min: 0, max: 86_400 },
  batchSize: { min: 1, max: 10_000 },
};

/**
 * Validates `retention`; an error names the field (`retention.batchSize: must be ...`).
 *
 * @throws {OptionsError}
 */
export function configRetention(value: unknown): RetentionSettingsConfig {
  const obj = objectOf(value ?? {}, "retention", Object.keys(LIMITS));
  const out = { ...DEFAULT_RETENTION_CONFIG };
  for (const [field, { min, max }] of Object.entries(LIMITS) as [
    keyof RetentionConfig,
    { min: number; max: number },
  ][]) {
    const given = obj[field];
    if (given === undefined) continue;
    if (typeof given !== "number" || !Number.isInteger(given) || given < min || given > max)
      throw new OptionsError(
        `retention.${field}`,
        `must be an integer from ${min} to ${max}, got ${shown(given)}`,
      );
    out[field] = given;
  }
  return out;
}

const DAY_MS = 86_400_000;

/** The sweep options of a resolved `retention` section. */
export function sweepOptions(config: RetentionSettingsConfig): SweepOptions {
  return { authEventsMs: config.authEventDays * DAY_MS, batchSize: config.batchSize };
}
