/**
 * The federated sign-in suites' world: the real Node server with the `federation` setting (the
 * social providers' fixed origins mapped onto loopback stand-ins, http loopback IdPs allowed), a
 * pool with a domain, one identity provider per type pointing at its stand-in (panva's
 * oidc-provider for OIDC), a rogue OIDC IdP for the attacks, and an app client that supports them
 * all. {@link Agent} is a browser without a page: a cookie jar that follows redirects and submits
 * form_post pages until the app's callback.
 */
import {
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  type CreateIdentityProviderCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt, exportPKCS8, generateKeyPair } from "jose";
import { afterAll, beforeAll, expect } from "vitest";
import { type CognateServer, poolWithDomain, startServer } from "../oauth/server.js";
import { type RogueIdp, startRogue } from "./rogue-idp.js";
import { type AmazonStandIn, startAmazon } from "./stand-ins/amazon.js";
import { type AppleStandIn, startApple } from "./stand-ins/apple.js";
import { type FacebookStandIn, startFacebook } from "./stand-ins/facebook.js";
import { type GoogleStandIn, startGoogle } from "./stand-ins/google.js";
import { type OidcStandIn, startOidc } from "./stand-ins/oidc.js";
import { formPost } from "./stand-ins/walk.js";

/** The app's redirect URI (never fetched: the agent stops there). */
export const APP_CALLBACK = "https://app.example/cb";

/** What signing in and exchanging the code need of a world: the pool's base URL and the app's client. */
export type AppOf = Pick<FederationWorld, "base" | "clientId" | "clientSecret">;

export interface FederationWorld {
  server: CognateServer;
  poolId: string;
  /** `{server}/{poolId}`: the pool's endpoints under the issuer. */
  base: string;
  /** cognate's redirect URI at the IdPs. */
  idpResponse: string;
  clientId: string;
  clientSecret: string;
  google: GoogleStandIn;
  facebook: FacebookStandIn;
  amazon: AmazonStandIn;
  apple: AppleStandIn;
  oidc: OidcStandIn;
  rogue: RogueIdp;
  /** Another app client of the pool with `settings` (SupportedIdentityProviders, ...). */
  client: (settings: Record<string, unknown>) => Promise<{ id: string; secret: string }>;
  close: () => Promise<void>;
}

/** The world's identity providers besides COGNITO, in the order of its client's SupportedIdentityProviders. */
export const PROVIDERS = ["Google", "Facebook", "LoginWithAmazon", "SignInWithApple", "Corp", "Rogue"];

/**
 * A world started before the file's tests and closed after them: the object returned is filled in
 * `beforeAll`, so read it in tests and hooks, not at the top of the file.
 */
export function perFile<W extends { close(): Promise<void> }>(start: () => Promise<W>): W {
  const world = {} as W;
  beforeAll(async () => {
    Object.assign(world, await start());
  });
  afterAll(async () => {
    await (world as Partial<W>).close?.();
  });
  return world;
}

/** An IdP in the pool (CreateIdentityProvider). */
export async function identityProvider(
  server: CognateServer,
  input: Omit<CreateIdentityProviderCommandInput, "UserPoolId"> & { UserPoolId: string },
): Promise<void> {
  await server.sdk.send(new CreateIdentityProviderCommand(input));
}

/** A code-flow app client of `poolId` with a secret, calling back to {@link APP_CALLBACK}; `settings` add to it. */
export async function appClient(
  sdk: CognateServer["sdk"],
  poolId: string,
  settings: Record<string, unknown>,
): Promise<{ id: string; secret: string }> {
  const { UserPoolClient } = await sdk.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email", "profile"],
      CallbackURLs: [APP_CALLBACK],
      ...settings,
    }),
  );
  return { id: UserPoolClient!.ClientId!, secret: UserPoolClient!.ClientSecret! };
}

/** Starts everything. */
export async function federationWorld(): Promise<FederationWorld> {
  const redirectUris: string[] = [];
  const google = await startGoogle({
    clientId: "google-client",
    clientSecret: "google-secret",
    redirectUris,
    issuer: "https://accounts.google.com",
  });
  const facebook = await startFacebook({ clientId: "fb-app", clientSecret: "fb-secret", redirectUris });
  const amazon = await startAmazon({ clientId: "amzn-client", clientSecret: "amzn-secret", redirectUris });
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const p8 = await exportPKCS8(privateKey);
  const apple = await startApple({
    clientId: "com.example.signin",
    teamId: "TEAM123456",
    keyId: "KEY1234567",
    p8,
    redirectUris,
  });
  const server = await startServer({
    config: {
      federation: {
        endpointOrigins: {
          "https://accounts.google.com": google.url,
          "https://www.googleapis.com": google.url,
          "https://people.googleapis.com": google.url,
          "https://openidconnect.googleapis.com": google.url,
          "https://www.facebook.com": facebook.url,
          "https://graph.facebook.com": facebook.url,
          "https://www.amazon.com": amazon.url,
          "https://api.amazon.com": amazon.url,
          "https://appleid.apple.com": apple.url,
        },
        allowLoopbackHttp: true,
      },
    },
  });
  const { poolId, base } = await poolWithDomain(server, {}, "federation");
  const idpResponse = `${base}/oauth2/idpresponse`;
  redirectUris.push(idpResponse);
  const oidc = await startOidc({
    clientId: "cognate-rp",
    clientSecret: "oidc-secret",
    redirectUris: [idpResponse],
    conformIdTokenClaims: true,
  });
  const rogue = await startRogue({ clientId: "rogue-client", clientSecret: "rogue-secret" });

  const idp = (input: Omit<CreateIdentityProviderCommandInput, "UserPoolId">) =>
    identityProvider(server, { ...input, UserPoolId: poolId });
  await idp({
    ProviderName: "Google",
    ProviderType: "Google",
    ProviderDetails: {
      client_id: "google-client",
      client_secret: "google-secret",
      authorize_scopes: "openid email profile",
    },
    AttributeMapping: { email: "email", name: "name", nickname: "names" },
  });
  await idp({
    ProviderName: "Facebook",
    ProviderType: "Facebook",
    ProviderDetails: {
      client_id: "fb-app",
      client_secret: "fb-secret",
      authorize_scopes: "public_profile, email",
      api_version: "v21.0",
    },
    AttributeMapping: { email: "email", given_name: "first_name" },
  });
  await idp({
    ProviderName: "LoginWithAmazon",
    ProviderType: "LoginWithAmazon",
    ProviderDetails: {
      client_id: "amzn-client",
      client_secret: "amzn-secret",
      authorize_scopes: "profile postal_code",
    },
    AttributeMapping: { email: "email", name: "name" },
  });
  await idp({
    ProviderName: "SignInWithApple",
    ProviderType: "SignInWithApple",
    ProviderDetails: {
      client_id: "com.example.signin",
      team_id: "TEAM123456",
      key_id: "KEY1234567",
      private_key: p8,
      authorize_scopes: "email name",
    },
    AttributeMapping: { email: "email", name: "name" },
  });
  await idp({
    ProviderName: "Corp",
    ProviderType: "OIDC",
    ProviderDetails: {
      client_id: "cognate-rp",
      client_secret: "oidc-secret",
      authorize_scopes: "openid email profile",
      attributes_request_method: "GET",
      oidc_issuer: oidc.url,
    },
    AttributeMapping: { email: "email", name: "name" },
    IdpIdentifiers: ["corp.example"],
  });
  await idp({
    ProviderName: "Rogue",
    ProviderType: "OIDC",
    ProviderDetails: {
      client_id: "rogue-client",
      client_secret: "rogue-secret",
      authorize_scopes: "openid email",
      attributes_request_method: "POST",
      oidc_issuer: rogue.url,
    },
    AttributeMapping: { email: "email", name: "name" },
  });

  const client = (settings: Record<string, unknown>) => appClient(server.sdk, poolId, settings);
  const all = await client({ SupportedIdentityProviders: ["COGNITO", ...PROVIDERS] });
  return {
    server,
    poolId,
    base,
    idpResponse,
    clientId: all.id,
    clientSecret: all.secret,
    google,
    facebook,
    amazon,
    apple,
    oidc,
    rogue,
    client,
    close: async () => {
      await Promise.all([google, facebook, amazon, apple, oidc, rogue].map((s) => s.close()));
      await server.close();
    },
  };
}

/** Where an agent's walk ended: the app's callback, or a page that did not redirect. */
export interface Landing {
  /** The app's callback URL with its parameters, when the walk got there. */
  callback?: URL;
  /** The last response's status and body otherwise. */
  status?: number;
  body?: string;
  /** Every URL visited, in order. */
  visited: string[];
}

/** Where a redirect (3xx with a Location) sends the browser, its body dropped; `undefined` for any other response. */
export async function redirectTarget(response: Response, from: URL | string): Promise<URL | undefined> {
  const location = response.headers.get("location");
  if (response.status < 300 || response.status >= 400 || !location) return undefined;
  await response.body?.cancel();
  return new URL(location, from);
}

/** A browser without a page: one cookie jar, redirects followed, form_post pages submitted. */
export class Agent {
  readonly jar = new Map<string, string>();

  /** Follows `start` until the app's callback (never fetched) or a page that neither redirects nor posts. */
  async walk(start: string, maxHops = 25): Promise<Landing> {
    const visited: string[] = [];
    let url = new URL(start);
    let post: URLSearchParams | undefined;
    for (let hop = 0; hop < maxHops; hop++) {
      if (url.href.startsWith(APP_CALLBACK)) return { callback: url, visited };
      visited.push(url.href);
      const response = await this.fetch(url, post);
      post = undefined;
      const next = await redirectTarget(response, url);
      if (next !== undefined) {
        url = next;
        continue;
      }
      const body = await response.text();
      // Only an auto-submitting page (Apple's form_post), never a form a person would fill in.
      const form =
        response.status === 200 && /onload="[^"]*submit\(\)/.test(body) ? formPost(body) : undefined;
      if (form !== undefined && !form.action.startsWith(APP_CALLBACK)) {
        url = new URL(form.action, url);
        post = new URLSearchParams(form.fields);
        continue;
      }
      return { status: response.status, body, visited };
    }
    throw new Error("too many redirects");
  }

  /** One request with the jar's cookies (all of them: every server here is 127.0.0.1). */
  async fetch(url: URL | string, form?: URLSearchParams): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const response = await fetch(url, {
      method: form === undefined ? "GET" : "POST",
      redirect: "manual",
      headers: {
        ...(cookie === "" ? {} : { cookie }),
        ...(form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
      },
      ...(form === undefined ? {} : { body: form.toString() }),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      if (/max-age=0/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, pair!.slice(eq + 1).trim());
    }
    return response;
  }
}

/** `/oauth2/authorize` of the world's client naming `provider` (or with `extra` parameters). */
export function authorizeUrl(world: AppOf, provider: string | undefined, extra: Record<string, string> = {}) {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: world.clientId,
    redirect_uri: APP_CALLBACK,
    scope: "openid email profile",
    state: "app-state",
    ...(provider === undefined ? {} : { identity_provider: provider }),
    ...extra,
  });
  return `${world.base}/oauth2/authorize?${query}`;
}

/** The code exchange at cognate's token endpoint for the world's client (client_secret_post). */
export async function exchange(
  world: AppOf,
  code: string,
  client: { id: string; secret: string } = { id: world.clientId, secret: world.clientSecret },
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${world.base}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: APP_CALLBACK,
      client_id: client.id,
      client_secret: client.secret,
    }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Signs in through `provider` with a fresh agent and exchanges the code: the ID token's claims. */
export async function federatedTokens(
  world: AppOf,
  provider: string,
  agent = new Agent(),
): Promise<{ claims: Record<string, unknown>; tokens: Record<string, unknown>; agent: Agent }> {
  const landing = await agent.walk(authorizeUrl(world, provider));
  const code = landing.callback?.searchParams.get("code");
  if (!code)
    throw new Error(
      `no code: ${landing.callback?.search ?? `${landing.status} ${landing.body?.slice(0, 300)}`} after ${landing.visited.join(" -> ")}`,
    );
  expect(landing.callback!.searchParams.get("state")).toBe("app-state");
  const { status, json } = await exchange(world, code);
  expect(status).toBe(200);
  return { claims: decodeJwt(String(json.id_token)), tokens: json, agent };
}

/** The error and description a walk ended with at the app's callback. */
export function callbackError(landing: Landing): { error: string | null; description: string | null } {
  return {
    error: landing.callback?.searchParams.get("error") ?? null,
    description: landing.callback?.searchParams.get("error_description") ?? null,
  };
}
