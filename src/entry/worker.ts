import type { Hono } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import { createGateway } from "../app.js";
import type { GetScheme } from "../gateway/transport.js";
import { applyEnv, ConfigError, parseConfig, parseConfigText, type ResolvedConfig } from "../config.js";
import { d1Driver, type D1DatabaseLike } from "../storage/d1.js";
import type { Sender } from "../delivery/message.js";
import { webhookSender } from "../delivery/webhook.js";
import { addressSet } from "../user-pool/index.js";
import { feedSecretFrom } from "./feed-secret.js";
import { adminKeyPair } from "./admin-key-pair.js";

/** The Worker's bindings: `[vars]` and secrets named as the Node environment variables. */
export interface WorkerEnv {
  COGNATE_CONFIG?: string | Record<string, unknown>;
  COGNATE_REGION?: string;
  COGNATE_PUBLIC_URL?: string;
  /** Secrets: the admin key pair SigV4-signed admin calls must use. */
  COGNATE_ADMIN_ACCESS_KEY_ID?: string;
  COGNATE_ADMIN_SECRET_ACCESS_KEY?: string;
  /** Secret: seals the pools' signing keys. Without it, CreateUserPool answers InternalErrorException. */
  COGNATE_MASTER_KEY?: string;
  /** Secret: when set, the revocation feeds answer only `Authorization: Bearer <it>`. */
  COGNATE_REVOCATION_FEED_SECRET?: string;
  /** Known-bad client addresses for threat protection: CIDR blocks separated by commas or new lines. */
  COGNATE_RISKY_IPS?: string;
  /** The D1 database of the user pools; without it, no Cognito API is served. */
  DB?: D1DatabaseLike;
  [binding: string]: unknown;
}

// One app per isolate and bindings object: configuration is read once, not per request.
let built: { env: WorkerEnv; app: Hono } | undefined;
let logged: WorkerEnv | undefined;

function appFor(env: WorkerEnv): Hono {
  if (built?.env !== env) {
    const config = configFrom(env);
    const revocationFeedSecret = feedSecretFrom(env);
    const adminCredentials = adminKeyPair(env);
    let app: Hono;
    try {
      const storage = env.DB === undefined ? undefined : d1Driver(env.DB);
      let sender: Sender | undefined;
      try {
        const url = env.COGNATE_SENDER_WEBHOOK_URL;
        sender =
          typeof url === "string" && url !== ""
            ? webhookSender({ url, secret: String(env.COGNATE_SENDER_WEBHOOK_SECRET ?? "") })
            : undefined;
      } catch (error) {
        throw new ConfigError("environment", "COGNATE_SENDER_WEBHOOK_URL", (error as Error).message);
      }
      app = createGateway(config, {
        name: "workerd",
        getConnInfo,
        getScheme,
        adminCredentials,
        storage,
        masterKey: env.COGNATE_MASTER_KEY,
        sender,
        riskyAddresses:
          typeof env.COGNATE_RISKY_IPS === "string" ? addressSet(env.COGNATE_RISKY_IPS) : undefined,
        revocationFeedSecret,
      });
    } catch (error) {
      // A route's authorizer options, or a missing assertionKey: a mistake in COGNATE_CONFIG.
      throw ConfigError.from("COGNATE_CONFIG", error);
    }
    built = { env, app };
  }
  return built.app;
}

// Cloudflare's edge names the client in CF-Connecting-IP (as `hono/cloudflare-workers` reads it).
const getConnInfo: GetConnInfo = (c) => ({ remote: { address: c.req.header("cf-connecting-ip") } });

// Cloudflare builds the request URL from the client's connection to its edge: its scheme is the transport's.
const getScheme: GetScheme = (c) => (c.req.url.startsWith("https:") ? "https" : "http");

// COGNATE_CONFIG is JSON text (a secret) or an object (`[vars]` may hold one).
function configFrom(env: WorkerEnv): ResolvedConfig {
  const raw = env.COGNATE_CONFIG ?? {};
  const config =
    typeof raw === "string" ? parseConfigText(raw, "COGNATE_CONFIG") : parseConfig(raw, "COGNATE_CONFIG");
  const resolved = applyEnv(config, env);
  // The Worker sees Cloudflare's edge, not a proxy's connection: the peer address it has is the
  // client's own (CF-Connecting-IP), so "trusted proxies" would let those clients name the scheme.
  if (resolved.trustedProxies.length > 0)
    throw new ConfigError(
      "COGNATE_CONFIG",
      "trustedProxies",
      "is not used on Workers: the scheme is the request URL's, which Cloudflare sets",
    );
  return resolved;
}

export default {
  fetch(request: Request, env: WorkerEnv, ctx: unknown): Response | Promise<Response> {
    let app: Hono;
    try {
      app = appFor(env);
    } catch (error) {
      // The details are for the operator's log (`wrangler tail`), once per bindings object; a
      // client learns only that the service is down: a message could quote a secret's setting.
      if (logged !== env) {
        logged = env;
        console.error(
          `cognate: configuration error: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.name : "unknown"}`,
        );
      }
      return Response.json(
        { message: "Service Unavailable" },
        { status: 503, headers: { "retry-after": "60", "cache-control": "no-store" } },
      );
    }
    return app.fetch(request, env, ctx as never);
  },
};
