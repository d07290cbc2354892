import type { Hono } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import { createGateway } from "../app.js";
import { SAML_VERIFIER } from "../oauth/saml/saml-verifier.js";
import type { GetScheme } from "../gateway/transport.js";
import { applyEnv } from "../config-env.js";
import { ConfigError, parseConfig, parseConfigText, type ResolvedConfig } from "../config.js";
import { d1Driver, type D1DatabaseLike } from "../storage/d1.js";
import type { Sender } from "../delivery/message.js";
import { webhookSender } from "../delivery/webhook.js";
import { addressSet } from "../user-pool/index.js";
import {
  httpInvoker,
  lambdaInvoker,
  triggerInvoker,
  type TriggerInvoker,
} from "../user-pool/triggers/index.js";
import { codeEncrypterFromKey } from "../user-pool/triggers/code-encryption.web.js";
import { OptionsError } from "../util/validate.js";
import { feedSecretFrom } from "./feed-secret.js";
import { adminKeyPair } from "./admin-key-pair.js";
import { isDevelopment } from "./worker-mode.js";
import {
  DEVELOPMENT_SECRET_QUERY,
  DEVELOPMENT_TABLE,
  developmentValues,
  type DevelopmentValues,
} from "./worker-dev-values.js";
import { OUTBOX_PATH, workerOutbox, type WorkerOutbox } from "./worker-outbox.js";
import { scheduledSweep } from "./worker-retention.js";
import {
  isCognitoCall,
  misconfiguredAnswer,
  missingSettings,
  unconfiguredAnswer,
} from "./worker-unconfigured.js";

/** The Worker's bindings: `[vars]` and secrets named as the Node environment variables. */
export interface WorkerEnv {
  COGNATE_CONFIG?: string | Record<string, unknown>;
  COGNATE_REGION?: string;
  COGNATE_PUBLIC_URL?: string;
  /** Secrets: the admin key pair SigV4-signed admin calls must use. */
  COGNATE_ADMIN_ACCESS_KEY_ID?: string;
  COGNATE_ADMIN_SECRET_ACCESS_KEY?: string;
  /** `development` (what `npm run dev:worker` passes): missing secrets are generated, messages kept. */
  COGNATE_ENV?: string;
  /** Secret: seals the pools' signing keys. Without it, the user-pool API answers 501 naming it. */
  COGNATE_MASTER_KEY?: string;
  /** Secret: when set, the revocation feeds answer only `Authorization: Bearer <it>`. */
  COGNATE_REVOCATION_FEED_SECRET?: string;
  /** Known-bad client addresses for threat protection: CIDR blocks separated by commas or new lines. */
  COGNATE_RISKY_IPS?: string;
  /** The D1 database of the user pools; without it, no Cognito API is served. */
  DB?: D1DatabaseLike;
  [binding: string]: unknown;
}

/** What a bindings object serves: the app, and what development or a missing setting adds. */
interface Built {
  app: Hono;
  /** Settings a Worker serving user pools lacks (production only): see `unconfiguredAnswer`. */
  missing: string[];
  /** Whether the operator's log was told of `missing` (on the first call refused for it). */
  toldMissing?: boolean;
  /** In development: the outbox and the admin key that reads it. */
  development?: { outbox: WorkerOutbox; admin: { accessKeyId: string; secretAccessKey: string } };
  region: string;
}

// One app per isolate and bindings object: configuration is read once, not per request.
let built: { env: WorkerEnv; ready: Promise<Built> } | undefined;
let logged: WorkerEnv | undefined;

function appFor(env: WorkerEnv): Promise<Built> {
  if (built?.env !== env) {
    const ready = build(env);
    built = { env, ready };
    // A configuration error stays until the bindings change; anything else (D1 busy while the
    // development values were read) is tried again by the next request.
    ready.catch((error: unknown) => {
      if (!(error instanceof ConfigError) && built?.ready === ready) built = undefined;
    });
  }
  return built.ready;
}

async function build(env: WorkerEnv): Promise<Built> {
  const development = isDevelopment(env);
  const config = configFrom(env);
  const triggers = workerTriggers(config, env);
  const revocationFeedSecret = feedSecretFrom(env);
  const given = adminKeyPair(env);
  let adminCredentials = given;
  let masterKey = env.COGNATE_MASTER_KEY;
  let outbox: WorkerOutbox | undefined;
  if (development) {
    const made = await developmentValues(env.DB);
    adminCredentials ??= { accessKeyId: made.accessKeyId, secretAccessKey: made.secretAccessKey };
    if (masterKey === undefined || masterKey === "") masterKey = made.masterKey;
    if (given === undefined || masterKey === made.masterKey) logDevelopment(made, given === undefined, env);
    outbox = workerOutbox(env.DB);
  }
  let app: Hono;
  try {
    const storage = env.DB === undefined ? undefined : d1Driver(env.DB);
    let sender: Sender | undefined;
    try {
      const url = env.COGNATE_SENDER_WEBHOOK_URL;
      sender =
        typeof url === "string" && url !== ""
          ? webhookSender({ url, secret: String(env.COGNATE_SENDER_WEBHOOK_SECRET ?? "") })
          : outbox;
    } catch (error) {
      throw new ConfigError("environment", "COGNATE_SENDER_WEBHOOK_URL", (error as Error).message);
    }
    app = createGateway(config, {
      name: "workerd",
      getConnInfo,
      getScheme,
      adminCredentials,
      storage,
      masterKey,
      sender,
      riskyAddresses:
        typeof env.COGNATE_RISKY_IPS === "string" ? addressSet(env.COGNATE_RISKY_IPS) : undefined,
      revocationFeedSecret,
      saml: SAML_VERIFIER,
      triggers,
      triggerTimeoutMs: config.triggers.timeoutMs,
      ...(config.triggers.senderKey
        ? { codeEncrypter: codeEncrypterFromKey(config.triggers.senderKey) }
        : {}),
    });
  } catch (error) {
    // A route's authorizer options, or a missing assertionKey: a mistake in COGNATE_CONFIG.
    throw ConfigError.from("COGNATE_CONFIG", error);
  }
  return {
    app,
    missing: development ? [] : missingSettings(env, given !== undefined),
    region: config.region,
    ...(outbox !== undefined &&
      adminCredentials !== undefined && { development: { outbox, admin: adminCredentials } }),
  };
}

// Where a developer finds what was made up for them: wrangler dev's terminal, once per isolate.
// The secret is never logged (a Worker deployed with COGNATE_ENV=development by mistake would ship it
// to its logs): the log names the key id and the command that reads the secret from local D1.
function logDevelopment(made: DevelopmentValues, adminMade: boolean, env: WorkerEnv): void {
  const where =
    made.kept === "d1"
      ? `kept in D1 table ${DEVELOPMENT_TABLE} (.wrangler/state)`
      : "kept in this isolate only (no DB binding)";
  const lines = [
    `cognate (development, COGNATE_ENV=development): values ${made.generated ? "generated" : "reused"}, ${where}`,
  ];
  if (adminMade)
    lines.push(
      `  admin key   AWS_ACCESS_KEY_ID=${made.accessKeyId}; its secret: ${
        made.kept === "d1"
          ? `npx wrangler d1 execute DB --local --json --command "${DEVELOPMENT_SECRET_QUERY}"`
          : "none readable without a DB binding: set COGNATE_ADMIN_ACCESS_KEY_ID and COGNATE_ADMIN_SECRET_ACCESS_KEY in .dev.vars"
      }`,
    );
  if (env.COGNATE_MASTER_KEY === undefined || env.COGNATE_MASTER_KEY === "")
    lines.push("  master key  generated (set COGNATE_MASTER_KEY in .dev.vars to choose it)");
  lines.push(`  messages    this log, and GET ${OUTBOX_PATH} signed with the admin key (service iam)`);
  console.log(lines.join("\n"));
}

/** A service binding: what `env[binding]` must be. */
interface Fetcher {
  fetch(request: Request): Promise<Response>;
}

// The trigger functions of the configuration in the modes Workers have: HTTP, Lambda Invoke and
// service bindings (the module mode is Node's: refused here, naming the function).
function workerTriggers(config: ResolvedConfig, env: WorkerEnv): TriggerInvoker {
  try {
    return triggerInvoker(config.triggers, {
      http: (target) => httpInvoker(target),
      lambda: (target) => lambdaInvoker(target),
      binding: (target) => {
        const fetcher = env[target.binding] as Partial<Fetcher> | undefined;
        if (typeof fetcher?.fetch !== "function")
          throw new TypeError(`no service binding ${target.binding} in the Worker's bindings`);
        return httpInvoker({
          url: "https://trigger.internal/",
          secret: target.secret ?? null,
          fetch: (request) => (fetcher as Fetcher).fetch(request),
        });
      },
    });
  } catch (error) {
    if (error instanceof OptionsError) throw new ConfigError("COGNATE_CONFIG", error.path, error.problem);
    throw error;
  }
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
  async fetch(request: Request, env: WorkerEnv, ctx: unknown): Promise<Response> {
    let setup: Built;
    try {
      setup = await appFor(env);
    } catch (error) {
      // The details are for the operator's log (`wrangler tail`), once per bindings object; a
      // client learns only that the service is down: a message could quote a secret's setting.
      if (logged !== env) {
        logged = env;
        console.error(
          `cognate: configuration error: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.name : "unknown"}`,
        );
      }
      // An AWS client is told which setting (not retried); anyone else, a fixed 503.
      if (isCognitoCall(request)) return misconfiguredAnswer(error);
      return Response.json(
        { message: "Service Unavailable" },
        { status: 503, headers: { "retry-after": "60", "cache-control": "no-store" } },
      );
    }
    const dev = setup.development;
    if (dev !== undefined && new URL(request.url).pathname === OUTBOX_PATH)
      return dev.outbox.serve(request, dev.admin, setup.region);
    const refused = unconfiguredAnswer(request, setup.missing);
    if (refused === undefined) return setup.app.fetch(request, env, ctx as never);
    if (!setup.toldMissing) {
      setup.toldMissing = true;
      console.error(
        `cognate: configuration error: ${setup.missing.join(", ")} not set: the user-pool API refuses the calls that need ${setup.missing.length > 1 ? "them" : "it"}`,
      );
    }
    return refused;
  },

  /** The Cron Trigger (wrangler.toml's `[triggers] crons`): the retention sweep of D1. */
  async scheduled(_controller: unknown, env: WorkerEnv): Promise<void> {
    let config: ResolvedConfig;
    try {
      config = configFrom(env);
    } catch (error) {
      console.error(
        `cognate: retention: no sweep, configuration error: ${error instanceof ConfigError ? error.message : "unknown"}`,
      );
      return;
    }
    await scheduledSweep(env.DB, config.retention);
  },
};
