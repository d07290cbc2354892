// The account pages' over-the-wire harness: a Node server (SQLite, outbox) started as the e2e
// suite starts it, a browser stand-in (raw fetch, a cookie jar, no redirects followed), and a
// pool with a domain and an OAuth app client made through the real SDK.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  CreateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { start } from "../../src/entry/node.js";
import type { OutboundMessage } from "../../src/delivery/message.js";
import { codeReader } from "../user-pool/e2e/target.js";

export const ADMIN = {
  accessKeyId: "AKIACOGNATEPAGES0001",
  secretAccessKey: "pages/node+secret0123456789abcdefghijklmn",
};

export const CALLBACK = "https://app.example.com/callback";
export const LOGOUT = "https://app.example.com/signed-out";
/** A PKCE S256 challenge (43 characters): public clients must send one. */
export const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/** The running server, the SDK as the admin, and the codes sent. */
export interface PagesServer {
  url: string;
  idp: CognitoIdentityProviderClient;
  readCode: (to: string) => Promise<string>;
  close: () => Promise<void>;
}

/** Starts the Node server on a temp data dir. */
export async function startServer(): Promise<PagesServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "cognate-pages-"));
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  const server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: dataDir,
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  });
  vi.restoreAllMocks();
  const outbox = (): OutboundMessage[] => {
    const file = join(dataDir, "outbox.jsonl");
    if (!existsSync(file)) return [];
    return readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as OutboundMessage);
  };
  const idp = new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: server.url,
    credentials: ADMIN,
    maxAttempts: 1,
  });
  return { url: server.url, idp, readCode: codeReader(outbox), close: () => server.close() };
}

export const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/** A pool with a prefix domain and an app client for the code flow; the authorization query of its pages. */
export async function hostedPool(
  server: PagesServer,
  pool: Partial<CreateUserPoolCommandInput> = {},
  app: Partial<CreateUserPoolClientCommandInput> = {},
) {
  const { UserPool } = await server.idp.send(
    new CreateUserPoolCommand({
      PoolName: unique("pages"),
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
      AutoVerifiedAttributes: ["email"],
      Schema: [{ Name: "email", Required: true }],
      ...pool,
    }),
  );
  const poolId = UserPool!.Id!;
  await server.idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: unique("pages") }));
  const { UserPoolClient } = await server.idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "web",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email"],
      CallbackURLs: [CALLBACK],
      LogoutURLs: [LOGOUT],
      SupportedIdentityProviders: ["COGNITO"],
      ...app,
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: "code",
    redirect_uri: CALLBACK,
    scope: "openid email",
    state: "st-123",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
  }).toString();
  return {
    poolId,
    clientId,
    clientSecret: UserPoolClient!.ClientSecret,
    base: `${server.url}/${poolId}`,
    query,
  };
}

/** A browser stand-in: a cookie jar over fetch, redirects not followed. */
export class Browser {
  readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set("cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const at = pair!.indexOf("=");
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** GETs a page and returns its HTML (asserting nothing). */
  async page(url: string): Promise<{ response: Response; html: string }> {
    const response = await this.fetch(url);
    return { response, html: await response.text() };
  }

  /** POSTs a form (urlencoded) with the `_csrf` of `html`, unless `fields` sets it. */
  async submit(url: string, html: string, fields: Record<string, string>) {
    const body = new URLSearchParams({ _csrf: csrfOf(html), ...fields });
    const response = await this.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    return { response, html: await response.text() };
  }
}

/**
 * Follows a 303 from a form's POST to the page it names (a GET, as a browser does), asserting the
 * 303; the page's HTML and its URL.
 */
export async function follow(browser: Browser, posted: { response: Response }, origin: string) {
  if (posted.response.status !== 303) throw new Error(`expected a 303, got ${posted.response.status}`);
  const url = new URL(posted.response.headers.get("location")!, origin).toString();
  return { url, ...(await browser.page(url)) };
}

/** The `_csrf` value of a page's form. */
export function csrfOf(html: string): string {
  return /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? "";
}

/** The `action` of a page's forms, decoded. */
export function actionsOf(html: string): string[] {
  return [...html.matchAll(/<form[^>]*action="([^"]*)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
}
