// The harness of the hosted UI's browser suites: Debian's Chromium through playwright-core, the real
// Node server (../server.ts, behind an https front when asked), setup through the real AWS SDK, a
// relying party on 127.0.0.1 whose callback the browser lands on, and openid-client's code flow.
import {
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { mkdirSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as oidc from "openid-client";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { loopbackCertificate } from "../../delivery/smtp-server.js";
import { type CognateServer, passwordUser, poolWithDomain, startServer, unique } from "../server.js";

export { unique } from "../server.js";

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

/** The server of ../server.ts, and the public URL issuers are made from (`url`, or the TLS front's). */
export interface Cognate extends CognateServer {
  publicUrl: string;
}

/** What {@link startCognate} starts: `config` becomes the configuration file; `tls` puts an https front before it. */
export interface CognateOptions {
  config?: Record<string, unknown>;
  env?: Record<string, string>;
  tls?: boolean;
}

/**
 * The real Node server (../server.ts). `tls` puts an https front on 127.0.0.1 before it (a trusted
 * proxy saying `X-Forwarded-Proto: https`), whose origin is then the public URL.
 */
export async function startCognate(options: CognateOptions = {}): Promise<Cognate> {
  const front = options.tls === true ? await tlsFront() : undefined;
  const config = { ...options.config };
  if (front !== undefined) Object.assign(config, { publicUrl: front.url, trustedProxies: ["127.0.0.1"] });
  const server = await startServer({ config, ...(options.env !== undefined && { env: options.env }) });
  front?.to(server.url);
  return {
    ...server,
    publicUrl: front?.url ?? server.url,
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
  cognate: Pick<Cognate, "sdk" | "publicUrl">,
  callbackUrls: string[],
  options: {
    pool?: Partial<CreateUserPoolCommandInput>;
    app?: Partial<CreateUserPoolClientCommandInput>;
  } = {},
): Promise<HostedPool> {
  const { poolId, domain } = await poolWithDomain(
    { sdk: cognate.sdk, url: cognate.publicUrl },
    {
      PoolName: unique("browser"),
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
      AutoVerifiedAttributes: ["email"],
      ...options.pool,
    },
    "login",
  );
  const { UserPoolClient } = await cognate.sdk.send(
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
export const confirmedUser = (
  cognate: Pick<Cognate, "sdk">,
  poolId: string,
  username: string,
  password: string,
  email = `${username}@example.com`,
): Promise<string> => passwordUser(cognate, poolId, username, password, { email, email_verified: "true" });

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

/** What {@link relyingParty} serves: `extend` adds routes, `https` serves it over TLS. */
export interface RelyingPartyOptions {
  https?: boolean;
  extend?: (app: Hono) => void;
}

/**
 * A small Hono app on 127.0.0.1, the relying party the browser comes back to. `extend` adds
 * routes (before the callback's own); `https` serves it over TLS with the loopback certificate.
 */
export async function relyingParty(options: RelyingPartyOptions = {}): Promise<RelyingParty> {
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

/** What a browser suite runs with. */
export interface BrowserSuite {
  browser: Browser;
  cognate: Cognate;
  rp: RelyingParty;
}

/**
 * Chromium, cognate and a relying party for the calling file, started together in its beforeAll
 * and closed in its afterAll; the object is filled in by then.
 *
 * @example
 * ```ts
 * const suite = browserSuite({ rp: { https: true } });
 * it("...", async () => {
 *   const { page } = await newPage(suite.browser);
 * });
 * ```
 */
export function browserSuite(
  options: { cognate?: CognateOptions; rp?: RelyingPartyOptions } = {},
): BrowserSuite {
  const suite = {} as BrowserSuite;
  beforeAll(async () => {
    const [browser, cognate, rp] = await Promise.all([
      launchBrowser(),
      startCognate(options.cognate),
      relyingParty(options.rp),
    ]);
    Object.assign(suite, { browser, cognate, rp });
  }, 60_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.rp?.close();
    await suite.cognate?.close();
  });
  return suite;
}

/** openid-client's configuration of the pool's client, from its discovery document (over http). */
export const oidcConfig = (pool: HostedPool) =>
  oidc.discovery(new URL(pool.issuer), pool.clientId, pool.clientSecret, undefined, {
    execute: [oidc.allowInsecureRequests],
  });

/** A code-flow authorization request and what its exchange checks. */
export interface Started {
  url: URL;
  verifier: string;
  nonce: string;
  state: string;
}

/** An authorization request with PKCE (S256), nonce and state to `redirectUri`, as openid-client builds it. */
export async function codeAuthorization(
  config: oidc.Configuration,
  redirectUri: string,
  scope: string,
  extra: Record<string, string> = {},
): Promise<Started> {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    nonce,
    state,
    ...extra,
  });
  return { url, verifier, nonce, state };
}

/** The code exchange for where the browser landed, with every check openid-client makes (and `maxAge`). */
export const codeGrant = (config: oidc.Configuration, landed: string, started: Started, maxAge?: number) =>
  oidc.authorizationCodeGrant(config, new URL(landed), {
    pkceCodeVerifier: started.verifier,
    expectedNonce: started.nonce,
    expectedState: started.state,
    idTokenExpected: true,
    ...(maxAge === undefined ? {} : { maxAge }),
  });
