// The harness of the hosted UI's browser suites: Debian's Chromium through playwright-core, the real
// Node server (`start()`, a temp data dir, codes from the outbox), setup through the real AWS SDK,
// and a relying party on 127.0.0.1 whose callback the browser lands on.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  CreateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { vi } from "vitest";
import type { OutboundMessage } from "../../../src/delivery/message.js";
import { start } from "../../../src/entry/node.js";
import { loopbackCertificate } from "../../delivery/smtp-server.js";
import { codeReader } from "../../user-pool/e2e/target.js";

/** An admin SDK client of a cognate at `endpoint`. */
export const adminClient = (endpoint: string, credentials = ADMIN) =>
  new CognitoIdentityProviderClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });

/** Chromium as CI runs it: headless, no sandbox (containers), nothing that reaches the network. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
    ],
  });
}

/** A fresh context (its own cookies) with the screenshots' viewport. */
export async function newPage(
  browser: Browser,
  options: { https?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 800, height: 900 },
    ignoreHTTPSErrors: options.https === true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(15_000);
  return { context, page };
}

const IMAGES = fileURLToPath(new URL("../../../docs/images/hosted-ui/", import.meta.url));

/** A screenshot of the page for the docs, written only with `COGNATE_SCREENSHOTS=1` (CI never rewrites them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.COGNATE_SCREENSHOTS !== "1") return;
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: join(IMAGES, `${name}.png`), fullPage: false });
}

export const ADMIN = {
  accessKeyId: "AKIACOGNATEBROWSER01",
  secretAccessKey: "browser/e2e+secret0123456789abcdefghijk",
};

export interface Cognate {
  /** Where the server listens (http). */
  url: string;
  /** The public URL issuers are made from (`url`, or the TLS front's). */
  publicUrl: string;
  dataDir: string;
  idp: CognitoIdentityProviderClient;
  outbox: () => OutboundMessage[];
  /** The newest code sent to an address, not read before. */
  readCode: (to: string) => Promise<string>;
  close: () => Promise<void>;
}

/**
 * The real Node server on port 0 under a temp data dir. `config` becomes its configuration file;
 * `tls` puts an https front on 127.0.0.1 before it (a trusted proxy saying `X-Forwarded-Proto:
 * https`), whose origin is then the public URL.
 */
export async function startCognate(
  options: { config?: Record<string, unknown>; env?: Record<string, string>; tls?: boolean } = {},
): Promise<Cognate> {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-browser-"));
  const front = options.tls === true ? await tlsFront() : undefined;
  const config = { ...options.config };
  if (front !== undefined) Object.assign(config, { publicUrl: front.url, trustedProxies: ["127.0.0.1"] });
  const env: Record<string, string> = {
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    ...options.env,
  };
  if (Object.keys(config).length > 0) {
    writeFileSync(join(dataDir, "cognate.json"), JSON.stringify(config));
    env.COGNATE_CONFIG = join(dataDir, "cognate.json");
  }
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  const server = await start(env).finally(() => log.mockRestore());
  front?.to(server.url);
  const outbox = (): OutboundMessage[] => {
    const file = join(dataDir, "outbox.jsonl");
    if (!existsSync(file)) return [];
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as OutboundMessage);
  };
  return {
    url: server.url,
    publicUrl: front?.url ?? server.url,
    dataDir,
    idp: adminClient(server.url),
    outbox,
    readCode: codeReader(outbox),
    close: async () => {
      await front?.close();
      await server.close();
    },
  };
}

/** The self-signed certificate of the https servers on 127.0.0.1 (made once per file). */
let certificate: { key: string; cert: string } | undefined;
export const loopbackTls = () => (certificate ??= loopbackCertificate());

/** An https server on 127.0.0.1 that passes every request to `to(...)`'s server as a trusted proxy. */
async function tlsFront() {
  let upstream: URL | undefined;
  const server = createHttpsServer(loopbackTls(), (incoming, outgoing) => {
    const proxied = httpRequest(
      {
        host: upstream!.hostname,
        port: upstream!.port,
        method: incoming.method,
        path: incoming.url,
        headers: {
          ...incoming.headers,
          "x-forwarded-proto": "https",
          "x-forwarded-for": incoming.socket.remoteAddress ?? "127.0.0.1",
        },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    proxied.on("error", () => outgoing.destroy());
    incoming.pipe(proxied);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://127.0.0.1:${port}`,
    to: (url: string) => {
      upstream = new URL(url);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A unique name per call. */
export const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

export interface HostedPool {
  poolId: string;
  /** `{publicUrl}/{poolId}`. */
  issuer: string;
  domain: string;
  clientId: string;
  clientSecret: string | undefined;
}

/**
 * A pool with a prefix domain and an app client for the code flow to `callbackUrls` (with a
 * secret unless `app.GenerateSecret` is false), all through the AWS SDK.
 */
export async function hostedPool(
  cognate: Pick<Cognate, "idp" | "publicUrl">,
  callbackUrls: string[],
  options: {
    pool?: Partial<CreateUserPoolCommandInput>;
    app?: Partial<CreateUserPoolClientCommandInput>;
  } = {},
): Promise<HostedPool> {
  const { UserPool } = await cognate.idp.send(
    new CreateUserPoolCommand({
      PoolName: unique("browser"),
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
      AutoVerifiedAttributes: ["email"],
      ...options.pool,
    }),
  );
  const poolId = UserPool!.Id!;
  const domain = unique("login");
  await cognate.idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  const { UserPoolClient } = await cognate.idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "web",
      GenerateSecret: true,
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile"],
      CallbackURLs: callbackUrls,
      SupportedIdentityProviders: ["COGNITO"],
      ...options.app,
    }),
  );
  return {
    poolId,
    issuer: `${cognate.publicUrl}/${poolId}`,
    domain,
    clientId: UserPoolClient!.ClientId!,
    clientSecret: UserPoolClient!.ClientSecret,
  };
}

/** A CONFIRMED user with a permanent password and a verified email; resolves to its `sub`. */
export async function confirmedUser(
  cognate: Pick<Cognate, "idp">,
  poolId: string,
  username: string,
  password: string,
  email = `${username}@example.com`,
): Promise<string> {
  const { User } = await cognate.idp.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: email },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
  await cognate.idp.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  return User!.Attributes!.find((a) => a.Name === "sub")!.Value!;
}

export interface RelyingParty {
  /** `http://127.0.0.1:{port}` (or https). */
  url: string;
  /** The callback the browser lands on: it answers 200 "signed in" and records the URL. */
  callback: string;
  /** Where logout sends the browser back: answers 200 "signed out". */
  signedOut: string;
  /** Every URL that reached the relying party, in order. */
  seen: URL[];
  close: () => Promise<void>;
}

/**
 * A small Hono app on 127.0.0.1, the relying party the browser comes back to. `extend` adds
 * routes (before the callback's own); `https` serves it over TLS with the loopback certificate.
 */
export async function relyingParty(
  options: { https?: boolean; extend?: (app: Hono) => void } = {},
): Promise<RelyingParty> {
  const seen: URL[] = [];
  const app = new Hono();
  app.use(async (c, next) => {
    seen.push(new URL(c.req.url));
    await next();
  });
  options.extend?.(app);
  app.get("/callback", (c) => c.html("<!doctype html><title>RP</title><h1>signed in</h1>"));
  app.get("/signed-out", (c) => c.html("<!doctype html><title>RP</title><h1>signed out</h1>"));
  const server = serve({
    fetch: app.fetch,
    hostname: "127.0.0.1",
    port: 0,
    ...(options.https === true
      ? { createServer: createHttpsServer as never, serverOptions: loopbackTls() }
      : {}),
  });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  const url = `${options.https === true ? "https" : "http"}://127.0.0.1:${port}`;
  return {
    url,
    callback: `${url}/callback`,
    signedOut: `${url}/signed-out`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Fills the sign-in form (`username`, `password`) and submits it with its button. */
export async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form:has(input[name="password"]) button[type="submit"]').first().click();
}

/** Fills the one-time code input and submits its form. */
export async function submitCode(page: Page, code: string): Promise<void> {
  const input = page.locator('input[name="code"]').first();
  await input.fill(code);
  await page.locator('form:has(input[name="code"]) button[type="submit"]').first().click();
}

/** The claims of a JWT (no verification: for assertions on tokens a library already verified). */
export const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;

/** The text the page shows (rendered: hidden elements left out, one line per block). */
export function pageText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as the user reads it
  return page.locator("body").innerText();
}

/**
 * Waits until the browser is at a URL starting with `target` (or one `target` accepts); else fails
 * naming where it is and what it shows.
 */
export async function arriveAt(page: Page, target: string | ((url: URL) => boolean)): Promise<URL> {
  const wanted = typeof target === "string" ? (u: URL) => u.href.startsWith(target) : target;
  try {
    await page.waitForURL(wanted);
  } catch {
    const text = await pageText(page).catch(() => "");
    throw new Error(`the browser is at ${page.url()}, not where expected; it shows:\n${text.slice(0, 800)}`);
  }
  return new URL(page.url());
}
