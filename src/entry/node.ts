#!/usr/bin/env node
import { serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { existsSync, mkdirSync, readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";
import { createGateway } from "../app.js";
import { SAML_VERIFIER } from "../oauth/saml/saml-verifier.js";
import { applyEnv } from "../config-env.js";
import { ConfigError, parseConfigText, resolveConfig, type ResolvedConfig } from "../config.js";
import { PolicyError } from "../policy/errors.js";
import type { Policy } from "../policy/types.js";
import { nodeForward } from "../gateway/forward.node.js";
import { nodeScheme, originFormServer } from "../gateway/transport.node.js";
import type { createServer } from "node:http";
import { loadPolicyFiles } from "../policy/files.node.js";
import { loadRoleFiles } from "../iam/roles.node.js";
import type { RoleRegistry } from "../iam/roles.js";
import { mergeRoles, roleRegistry } from "../config-roles.js";
import { VERSION } from "../version.js";
import { adminCredentials, type AdminCredentials } from "./admin-credentials.js";
import { masterKey } from "./master-key.js";
import { openSqlite, sqliteDurability } from "../storage/open.node.js";
import type { SqliteSynchronous } from "../storage/sqlite.node.js";
import { retentionSummary, startRetention } from "./node-retention.js";
import { nodeSenders } from "./senders.js";
import { policyCli } from "./policy-cli.js";
import { AssertionSigner } from "../gateway/assertion.js";
import { storedAssertionKey, type StoredAssertionKey } from "./assertion-key.js";
import { addressSet, type AddressSet, importMasterKey, MasterKeyError } from "../user-pool/index.js";
import { feedSecret } from "./feed-secret-file.js";
import { httpInvoker, lambdaInvoker, triggerInvoker } from "../user-pool/triggers/index.js";
import { codeEncrypterFromKey } from "../user-pool/triggers/code-encryption.node.js";
import { modulePool, type ModulePool } from "../user-pool/triggers/module.node.js";
import { OptionsError } from "../util/validate.js";

/**
 * The trigger functions of the configuration, in every mode Node has (module, HTTP, Lambda
 * Invoke); a relative module path is resolved against the configuration file's directory.
 */
function nodeTriggers(config: ResolvedConfig, configPath: string | undefined) {
  const base = configPath === undefined ? process.cwd() : dirname(configPath);
  let pool: ModulePool | undefined;
  try {
    const triggers = triggerInvoker(config.triggers, {
      http: (target) => httpInvoker(target),
      lambda: (target) => lambdaInvoker(target),
      module: (target) => {
        pool ??= modulePool({ threads: config.triggers.moduleThreads });
        return pool.invoker({ ...target, module: resolve(base, target.module) });
      },
    });
    return { triggers, close: () => pool?.close() ?? Promise.resolve() };
  } catch (error) {
    void pool?.close();
    if (error instanceof OptionsError)
      throw new ConfigError(configPath ?? "configuration", error.path, error.problem);
    throw error;
  }
}

/** Start-up settings from the environment (docs/architecture.md; each setting: docs/configuration.md). */
interface NodeSettings {
  host: string;
  port: number;
  dataDir: string;
  configPath: string | undefined;
  /** The policies directory: `COGNATE_POLICIES`, else `./policies` when there is one. */
  policiesDir: string | undefined;
  production: boolean;
  /** `COGNATE_SQLITE_SYNCHRONOUS`: when a commit reaches the disk (docs/storage.md#durability). */
  synchronous: SqliteSynchronous;
}

function settingsFrom(env: NodeJS.ProcessEnv): NodeSettings {
  const port = env.PORT === undefined || env.PORT === "" ? 9229 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(
      "environment",
      "PORT",
      `must be an integer from 0 to 65535, got ${JSON.stringify(env.PORT)}`,
    );
  }
  const synchronous = (env.COGNATE_SQLITE_SYNCHRONOUS || "NORMAL").toUpperCase();
  if (synchronous !== "NORMAL" && synchronous !== "FULL") {
    throw new ConfigError(
      "environment",
      "COGNATE_SQLITE_SYNCHRONOUS",
      `must be NORMAL or FULL (case-insensitive), got ${JSON.stringify(env.COGNATE_SQLITE_SYNCHRONOUS)}`,
    );
  }
  return {
    host: env.HOST || "127.0.0.1",
    port,
    dataDir: resolve(env.COGNATE_DATA_DIR || ".cognate"),
    configPath: env.COGNATE_CONFIG ? resolve(env.COGNATE_CONFIG) : undefined,
    policiesDir: env.COGNATE_POLICIES
      ? resolve(env.COGNATE_POLICIES)
      : existsSync("policies")
        ? resolve("policies")
        : undefined,
    production: env.NODE_ENV === "production",
    synchronous,
  };
}

function loadConfig(path: string | undefined): ResolvedConfig {
  if (path === undefined) return resolveConfig({});
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(
      path,
      "",
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return parseConfigText(text, path);
}

// A netset of known-bad addresses (one CIDR per line, `#` comments), read once at start.
function riskyAddressesFrom(file: string | undefined): AddressSet | undefined {
  if (file === undefined || file === "") return undefined;
  try {
    return addressSet(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError("environment", "COGNATE_RISKY_IPS_FILE", `${file}: ${(error as Error).message}`);
  }
}

/** Starts the gateway; resolves once it listens. Exported for tests and embedding. */
export async function start(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; close: () => Promise<void> }> {
  const settings = settingsFrom(env);
  let config = applyEnv(loadConfig(settings.configPath), env);
  mkdirSync(settings.dataDir, { recursive: true, mode: 0o700 });
  const admin = adminCredentials(env, settings.dataDir, settings.production);
  const master = masterKey(env, settings.dataDir, settings.production);
  try {
    await importMasterKey(master.key);
  } catch (error) {
    if (error instanceof MasterKeyError)
      throw new Error(`${master.file ?? "COGNATE_MASTER_KEY"}: ${error.message}`);
    throw error;
  }
  let stored: StoredAssertionKey | undefined;
  if (config.assertionKey === undefined && config.routes.some((route) => route.assertion)) {
    stored = storedAssertionKey(settings.dataDir);
    config = { ...config, assertionKey: stored.jwk };
  }
  if (config.assertionKey !== undefined) {
    const problem = await new AssertionSigner(config.assertionKey, "cognate").check();
    if (problem !== undefined)
      throw new ConfigError(stored?.file ?? settings.configPath ?? "configuration", "assertionKey", problem);
  }
  let policyFiles: Record<string, Policy> | undefined;
  try {
    policyFiles = settings.policiesDir === undefined ? undefined : loadPolicyFiles(settings.policiesDir);
  } catch (error) {
    if (error instanceof PolicyError) throw new ConfigError(error.source, error.path, error.problem);
    throw new ConfigError(settings.policiesDir!, "", (error as Error).message);
  }
  const roles = nodeRoles(config, settings.policiesDir, settings.configPath);
  const messages = nodeSenders(env, settings.dataDir, settings.production);
  const riskyAddresses = riskyAddressesFrom(env.COGNATE_RISKY_IPS_FILE);
  const feed = feedSecret(env, settings.dataDir, settings.production);
  const revocationFeedSecret = feed.secret;
  const triggers = nodeTriggers(config, settings.configPath);
  const storage = await openSqlite(settings.dataDir, { synchronous: settings.synchronous });
  // The server listens before the app exists: the public URL defaults to the address it listens on
  // (a port of 0 is known only then), never to the Host header a client sends.
  let app: ReturnType<typeof createGateway> | undefined;
  // originFormServer: a client's absolute-form request line names neither the scheme nor the host.
  const server = serve({
    fetch: (request, bindings) =>
      app === undefined ? new Response(null, { status: 503 }) : app.fetch(request, bindings),
    hostname: settings.host,
    port: settings.port,
    createServer: originFormServer as typeof createServer,
  });
  try {
    await new Promise<void>((ok, fail) => {
      server.once("listening", ok);
      server.once("error", fail);
    });
  } catch (error) {
    await storage.close?.();
    await triggers.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : settings.port;
  const host = settings.host.includes(":") ? `[${settings.host}]` : settings.host;
  const url = `http://${host}:${port}`;
  // A wildcard address is no URL a client can use: localhost stands in (set COGNATE_PUBLIC_URL).
  const defaultPublicUrl = /^(0\.0\.0\.0|\[::\])$/.test(host) ? `http://localhost:${port}` : url;
  try {
    app = createGateway(config, {
      name: "node",
      defaultPublicUrl,
      getConnInfo,
      getScheme: nodeScheme,
      adminCredentials: admin,
      adminKeyHint: settings.production ? undefined : adminKeyHint(admin),
      policyFiles,
      roles: roles.registry,
      forward: nodeForward,
      storage,
      masterKey: master.key,
      sender: messages.sender,
      breachedRangeUrl: env.COGNATE_BREACHED_RANGE_URL,
      riskyAddresses,
      revocationFeedSecret,
      saml: SAML_VERIFIER,
      triggers: triggers.triggers,
      triggerTimeoutMs: config.triggers.timeoutMs,
      ...(config.triggers.senderKey
        ? { codeEncrypter: codeEncrypterFromKey(config.triggers.senderKey) }
        : {}),
    });
  } catch (error) {
    await new Promise((done) => server.close(done));
    await storage.close?.();
    await triggers.close();
    // A route's authorizer options are checked here, by authorizer() itself.
    throw ConfigError.from(settings.configPath ?? "configuration", error);
  }

  const retention = startRetention(storage, config.retention);

  const lines = [
    `cognate ${VERSION} listening on ${url} (node ${process.versions.node})`,
    `  data dir    ${settings.dataDir}`,
    // Read back from the connection, so the line says what the commits really do.
    `  durability  ${durabilityLine(await sqliteDurability(storage))}`,
    `  messages    ${messages.description}`,
    `  config      ${settings.configPath ?? "none (defaults)"}`,
    `  region      ${config.region}`,
    `  public url  ${config.publicUrl ?? defaultPublicUrl}`,
    `  admin key   ${admin.accessKeyId} (${admin.origin === "environment" ? "from the environment" : `secret in ${admin.file}`})`,
    `  master key  ${master.origin === "environment" ? "from COGNATE_MASTER_KEY" : `${master.origin === "generated" ? "generated, kept" : "kept"} in ${master.file} (development only: set COGNATE_MASTER_KEY in production)`}`,
    `  revocations ${feed.origin === "none" ? "feed closed (set COGNATE_REVOCATION_FEED_SECRET to open it to authorizer())" : feed.origin === "environment" ? "feed for the bearer of COGNATE_REVOCATION_FEED_SECRET" : `feed for the bearer of the secret in ${feed.file}${feed.origin === "generated" ? " (generated)" : ""}`}`,
    `  routes      ${config.routes.length}${config.caseInsensitivePaths ? " (paths matched case-insensitively)" : ""}`,
    `  proxies     ${config.trustedProxies.length === 0 ? "none trusted (the connection's scheme and address count)" : `X-Forwarded-Proto and X-Forwarded-For believed from ${config.trustedProxies.join(", ")}${config.trustedProxiesOnly ? "; every other peer refused" : ""}`}`,
    `  triggers    ${triggerSummary(config)}`,
    `  policies    ${policyFiles === undefined ? "none" : `${Object.keys(policyFiles).length} from ${settings.policiesDir}`}`,
    `  roles       ${roles.description}`,
    `  retention   ${retentionSummary(config.retention)}`,
  ];
  if (stored !== undefined)
    lines.push(
      `  assertions  signed with the key in ${stored.file}${stored.origin === "generated" ? " (generated)" : ""}`,
    );
  // Never the secret itself: output ends up in logs. It is in the file (0600) the line names.
  if (admin.origin === "generated")
    lines.push(`  generated development admin credentials: the secret access key is in ${admin.file}`);
  console.log(lines.join("\n"));

  return {
    url,
    close: async () => {
      await new Promise<void>((ok) => server.close(() => ok()));
      await retention?.stop();
      await triggers.close();
      await storage.close?.();
    },
  };
}

/**
 * Every role: the configuration's `roles` and the files of `{policies}/roles/` (a role in both is
 * a configuration error naming the two).
 */
function nodeRoles(
  config: ResolvedConfig,
  policiesDir: string | undefined,
  configPath: string | undefined,
): { registry: RoleRegistry; description: string } {
  const directory = policiesDir === undefined ? undefined : join(policiesDir, "roles");
  let files: RoleRegistry | undefined;
  try {
    files = directory === undefined ? undefined : loadRoleFiles(directory);
  } catch (error) {
    if (!(error instanceof OptionsError)) throw new ConfigError(directory!, "", (error as Error).message);
    // loadRoleFiles names the file first: `{file}: {field}`.
    const at = error.path.indexOf(": ");
    throw at < 0
      ? new ConfigError(error.path, "", error.problem)
      : new ConfigError(error.path.slice(0, at), error.path.slice(at + 2), error.problem);
  }
  const fromConfig = roleRegistry(config.roles);
  try {
    const registry = mergeRoles([
      { source: "roles", roles: fromConfig },
      ...(files === undefined ? [] : [{ source: directory!, roles: files }]),
    ]);
    const counts = [
      fromConfig.size > 0 ? `${fromConfig.size} from the configuration` : "",
      files !== undefined && files.size > 0 ? `${files.size} from ${directory}` : "",
    ].filter((part) => part !== "");
    return { registry, description: counts.length === 0 ? "none" : counts.join(", ") };
  } catch (error) {
    throw ConfigError.from(configPath ?? "configuration", error);
  }
}

// Run as a program (`node dist/entry/node.js`, or the `cognate` bin, which npm installs as a
// symlink), not when imported.
const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly && process.argv[2] === "policy") {
  process.exitCode = policyCli(
    process.argv.slice(3),
    (line) => console.log(line),
    (line) => console.error(line),
  );
} else if (invokedDirectly) {
  start().then(
    (server) => {
      for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.once(signal, () => void server.close().then(() => process.exit(0)));
      }
    },
    (error: unknown) => {
      const message =
        error instanceof ConfigError ? `configuration error: ${error.message}` : (error as Error).message;
      console.error(`cognate: ${message}`);
      process.exit(1);
    },
  );
}

// The database's durability, for the start-up lines: what survives what, and how to change it.
function durabilityLine({ journalMode, synchronous }: { journalMode: string; synchronous: string }): string {
  const meaning =
    synchronous === "FULL"
      ? "every commit synced to disk: survives power loss"
      : "safe against a process crash; set COGNATE_SQLITE_SYNCHRONOUS=FULL to survive power loss";
  return `${journalMode}, synchronous=${synchronous} (${meaning})`;
}

// What runs the triggers, for the start-up lines: counts by mode, never a URL's secret.
function triggerSummary(config: ResolvedConfig): string {
  const targets = Object.values(config.triggers.functions);
  const count = (mode: string) => targets.filter((target) => mode in target).length;
  const parts = [
    ["module", count("module")],
    ["HTTP", count("url")],
    ["Lambda Invoke", count("lambda")],
  ].filter(([, n]) => n !== 0);
  const listed = parts.length === 0 ? "none listed" : parts.map(([mode, n]) => `${n} ${mode}`).join(", ");
  return `${listed}${config.triggers.lambda === undefined ? "" : "; other ARNs through the Lambda Invoke API"} (${config.triggers.timeoutMs} ms each)`;
}

// Development only: a caller with the wrong key id learns where the right one is (never the secret).
// cognate's words after AWS's sentence. [?]
function adminKeyHint(admin: AdminCredentials): string {
  return admin.origin === "environment"
    ? "In development, cognate's admin access key id is the COGNATE_ADMIN_ACCESS_KEY_ID it was started with; it is printed when it starts."
    : `In development, cognate's admin access key id and secret are in ${admin.file}; its access key id is also printed when it starts.`;
}
