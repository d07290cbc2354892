import { ConfigError } from "../config.js";

/**
 * Whether the Worker runs for development: the binding `COGNATE_ENV` is `development`, which
 * `npm run dev:worker` passes (`--var COGNATE_ENV:development`) and `.dev.vars.example` sets.
 * Anything else, unset included, is production: a deployed Worker never generates its own
 * credentials. Only the operator's bindings decide it, never a request (no header, host or
 * address a client could send). Any other value is a {@link ConfigError} naming the setting.
 */
export function isDevelopment(env: Record<string, unknown>): boolean {
  const mode = env.COGNATE_ENV;
  if (mode === undefined || mode === "" || mode === "production") return false;
  if (mode === "development") return true;
  throw new ConfigError("environment", "COGNATE_ENV", 'must be "development" or "production"');
}
