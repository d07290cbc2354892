// The account pages' over-the-wire harness, on the server of ./server.ts: a browser stand-in (raw
// fetch, a cookie jar, no redirects followed), and a pool with a domain and an OAuth app client
// made through the real SDK.
import {
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { type CognateServer, poolWithDomain, unique } from "./server.js";

export const CALLBACK = "https://app.example.com/callback";
export const LOGOUT = "https://app.example.com/signed-out";
/** A PKCE S256 challenge (43 characters): public clients must send one. */
export const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/** A pool with a prefix domain and an app client for the code flow; the authorization query of its pages. */
export async function hostedPool(
  server: Pick<CognateServer, "sdk" | "url">,
  pool: Partial<CreateUserPoolCommandInput> = {},
  app: Partial<CreateUserPoolClientCommandInput> = {},
) {
  const { poolId, base } = await poolWithDomain(
    server,
    {
      PoolName: unique("pages"),
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
      AutoVerifiedAttributes: ["email"],
      Schema: [{ Name: "email", Required: true }],
      ...pool,
    },
    "pages",
  );
  const { UserPoolClient } = await server.sdk.send(
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
    base,
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
