// The slice of `cloudflare:test` (@cloudflare/vitest-pool-workers) these suites use, typed
// without pulling @cloudflare/workers-types into the Node typecheck.
declare module "cloudflare:test" {
  export const SELF: {
    fetch(input: string | Request, init?: RequestInit): Promise<Response>;
    /** Dispatches a scheduled event (a Cron Trigger's) to the Worker's `scheduled` handler. */
    scheduled(options?: {
      cron?: string;
      scheduledTime?: Date;
    }): Promise<{ outcome: string; noRetry: boolean }>;
  };
  /** The first argument of a `scheduled()` handler, as a Cron Trigger passes it. */
  export function createScheduledController(options?: { cron?: string; scheduledTime?: Date }): unknown;
  export const env: Record<string, unknown> & {
    /** The D1 binding of wrangler.toml's [[d1_databases]]. */
    DB: import("../../src/storage/d1.js").D1DatabaseLike;
  };
}
