import { resolveAssertionKey, type AssertionKeyJwk } from "./gateway/assertion-key.js";
import { resolveRoutes, type ResolvedRoute, type RouteConfig } from "./gateway/routes.js";
import { objectOf, optionalString, OptionsError } from "./util/validate.js";

/**
 * The gateway's configuration: the JSON file named by `COGNATE_CONFIG` on Node, or the
 * `COGNATE_CONFIG` var on Workers. Environment variables override the fields they name.
 *
 * @example
 * ```json
 * {
 *   "region": "eu-west-1",
 *   "publicUrl": "https://auth.example.com",
 *   "routes": [
 *     { "path": "/public/*", "upstream": "http://127.0.0.1:8080", "auth": "none" },
 *     {
 *       "method": ["GET", "POST"], "path": "/orders/*", "upstream": "http://127.0.0.1:8080/v1", "stripPrefix": "/orders",
 *       "auth": { "issuers": [{ "type": "cognito", "userPoolId": "eu-west-1_AbCdEf", "clientId": null, "tokenUse": "access" }], "scopes": ["orders/read"] },
 *       "assertion": true
 *     }
 *   ]
 * }
 * ```
 */
export interface GatewayConfig {
  /** The AWS region cognate presents itself as (user pool ids, ARNs). Env `COGNATE_REGION`. Default `us-east-1`. */
  region?: string;
  /** The public base URL: token issuers are `{publicUrl}/{userPoolId}`. Env `COGNATE_PUBLIC_URL`. Default: the server's own address. */
  publicUrl?: string;
  /**
   * The route table: requests matching a route are authorized and forwarded to its upstream, in
   * order (`/health` and the assertion JWKS come first); others answer 404. Default: none.
   */
  routes?: RouteConfig[];
  /**
   * The private EC P-256 JWK that signs `x-cognate-assertion` for routes with `assertion: true`;
   * its public half is served at `/.well-known/cognate/assertion-jwks.json`. Default: on Node,
   * generated once and kept in `{COGNATE_DATA_DIR}/assertion-key.json`; on Workers, required
   * (in the `COGNATE_CONFIG` secret) when a route asks for an assertion.
   */
  assertionKey?: AssertionKeyJwk;
}

/**
 * A validated configuration with its defaults: still a valid {@link GatewayConfig}.
 *
 * @example
 * ```ts
 * const config: ResolvedConfig = resolveConfig({ region: "eu-west-1" });
 * // { region: "eu-west-1", publicUrl: undefined, routes: [], assertionKey: undefined }
 * ```
 */
export interface ResolvedConfig {
  region: string;
  publicUrl: string | undefined;
  routes: ResolvedRoute[];
  assertionKey: AssertionKeyJwk | undefined;
}

const FIELDS = ["$schema", "region", "publicUrl", "routes", "assertionKey"];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Validates a configuration value; an error names the field (`publicUrl: must be ...`). */
export function resolveConfig(value: unknown): ResolvedConfig {
  const obj = objectOf(value ?? {}, "", FIELDS);
  const region = optionalString(obj, "region", "", (r) => (REGION.test(r) ? null : "must be an AWS region like us-east-1")) ?? "us-east-1";
  const publicUrl = optionalString(obj, "publicUrl", "", (u) => {
    try {
      const url = new URL(u);
      if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http or https URL";
      // `search` and `hash` are "" for a bare "?" or "#", which would still swallow `/{userPoolId}`.
      return u.includes("?") || u.includes("#") ? "must have no query or fragment" : null;
    } catch {
      return "must be an absolute URL";
    }
  });
  return {
    region,
    publicUrl: publicUrl?.replace(/\/+$/, ""),
    routes: resolveRoutes(obj.routes, "routes"),
    assertionKey: resolveAssertionKey(obj.assertionKey, "assertionKey"),
  };
}

/** A configuration that cannot be used: which source, which field, what is wrong. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(
    readonly source: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${source}: ${field ? `${field}: ` : ""}${problem}`);
  }

  static from(source: string, error: unknown): ConfigError {
    if (error instanceof OptionsError) return new ConfigError(source, error.path, error.problem);
    return new ConfigError(source, "", error instanceof Error ? error.message : String(error));
  }
}

/** Validates a configuration value from `source`; an error names the source and the field. */
export function parseConfig(value: unknown, source: string): ResolvedConfig {
  try {
    return resolveConfig(value);
  } catch (error) {
    throw ConfigError.from(source, error);
  }
}

/** Parses configuration JSON text, naming the source on a syntax error. */
export function parseConfigText(text: string, source: string): ResolvedConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // Only the position: the parser's message quotes the text around it, which may be a key.
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const where = position !== undefined ? `at character ${position}` : /end of JSON/i.test(message) ? "it ends too soon" : "an unexpected character";
    throw new ConfigError(source, "", `not valid JSON (${where})`);
  }
  return parseConfig(value, source);
}

const ENV_NAMES: Record<string, string> = { region: "COGNATE_REGION", publicUrl: "COGNATE_PUBLIC_URL" };

/** Applies environment overrides (the same names on Node and Workers); an error names the variable. */
export function applyEnv(config: ResolvedConfig, env: Record<string, unknown>): ResolvedConfig {
  const merged: Record<string, unknown> = { ...config };
  for (const [field, name] of Object.entries(ENV_NAMES)) {
    if (env[name] !== undefined && env[name] !== "") merged[field] = env[name];
  }
  try {
    return resolveConfig(merged);
  } catch (error) {
    if (error instanceof OptionsError) throw new ConfigError("environment", ENV_NAMES[error.path] ?? error.path, error.problem);
    throw error;
  }
}
