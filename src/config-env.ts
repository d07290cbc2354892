/**
 * Environment overrides of the configuration: the same variable names on Node (`process.env`) and
 * Workers (the bindings), each naming the field it sets (docs/configuration.md).
 */
import { ConfigError, resolveConfig, type ResolvedConfig } from "./config.js";
import type { TriggerSettings } from "./user-pool/triggers/index.js";
import { OptionsError } from "./util/validate.js";

const ENV_NAMES: Record<string, string> = {
  region: "COGNATE_REGION",
  publicUrl: "COGNATE_PUBLIC_URL",
  trustedProxies: "COGNATE_TRUSTED_PROXIES",
  trustedProxiesOnly: "COGNATE_TRUSTED_PROXIES_ONLY",
  "hostedUi.domainSuffix": "COGNATE_DOMAIN_SUFFIX",
  "hostedUi.pkce": "COGNATE_PKCE",
  "federation.endpointOrigins": "COGNATE_FEDERATION_ENDPOINT_ORIGINS",
  "federation.allowLoopbackHttp": "COGNATE_FEDERATION_LOOPBACK_HTTP",
  "triggers.timeoutMs": "COGNATE_TRIGGER_TIMEOUT_MS",
  "triggers.senderKey.key": "COGNATE_TRIGGER_SENDER_KEY",
  "retention.authEventDays": "COGNATE_AUTH_EVENT_RETENTION_DAYS",
  "retention.intervalSeconds": "COGNATE_RETENTION_INTERVAL_SECONDS",
  "retention.batchSize": "COGNATE_RETENTION_BATCH_SIZE",
};
// Variables that hold true or false.
const ENV_FLAGS = new Set(["trustedProxiesOnly"]);
// Variables that hold a list: comma- or space-separated.
const ENV_LISTS = new Set(["trustedProxies"]);

// Digits become a number; anything else stays as it is, for the check to name.
const whole = (value: unknown): unknown => (/^\d+$/.test(String(value)) ? Number(value) : value);

// "true" and "false" become booleans; anything else stays as it is, for the check to name.
const flag = (value: unknown): unknown => (value === "true" ? true : value === "false" ? false : value);

/** Applies environment overrides (the same names on Node and Workers); an error names the variable. */
export function applyEnv(config: ResolvedConfig, env: Record<string, unknown>): ResolvedConfig {
  const merged: Record<string, unknown> = { ...config };
  for (const [field, name] of Object.entries(ENV_NAMES)) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    if (field.startsWith("hostedUi.")) {
      merged.hostedUi = { ...(merged.hostedUi as object), [field.slice("hostedUi.".length)]: value };
      continue;
    }
    if (field === "federation.endpointOrigins") {
      merged.federation = { ...(merged.federation as object), endpointOrigins: originPairs(String(value)) };
      continue;
    }
    if (field === "triggers.timeoutMs") {
      merged.triggers = { ...(merged.triggers as object), timeoutMs: whole(value) };
      continue;
    }
    if (field.startsWith("retention.")) {
      merged.retention = {
        ...(merged.retention as object),
        [field.slice("retention.".length)]: whole(value),
      };
      continue;
    }
    if (field === "triggers.senderKey.key") {
      const triggers = merged.triggers as TriggerSettings;
      if (triggers.senderKey === undefined)
        throw new ConfigError(
          "environment",
          name,
          "needs triggers.senderKey (keyNamespace, keyName) in the configuration",
        );
      merged.triggers = { ...triggers, senderKey: { ...triggers.senderKey, key: value } };
      continue;
    }
    if (field === "federation.allowLoopbackHttp") {
      merged.federation = { ...(merged.federation as object), allowLoopbackHttp: flag(value) };
      continue;
    }
    merged[field] = ENV_LISTS.has(field)
      ? String(value)
          .split(/[\s,]+/)
          .filter((v) => v !== "")
      : ENV_FLAGS.has(field)
        ? flag(value)
        : value;
  }
  try {
    return resolveConfig(merged);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error;
    const field = error.path.replace(/\[\d+\]$/, "");
    const problem =
      field === "trustedProxies"
        ? `must be IP addresses or CIDR blocks separated by commas (${error.problem})`
        : error.problem;
    const name =
      ENV_NAMES[field] ??
      (field.startsWith("federation.endpointOrigins") ? ENV_NAMES["federation.endpointOrigins"] : undefined);
    throw new ConfigError("environment", name ?? error.path, problem);
  }
}

// `from=to,from=to` (commas or spaces between pairs); a pair without `=` is kept for the check to name.
function originPairs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(/[\s,]+/).filter((p) => p !== "")) {
    const at = pair.indexOf("=");
    out[at < 0 ? pair : pair.slice(0, at)] = at < 0 ? "" : pair.slice(at + 1);
  }
  return out;
}
