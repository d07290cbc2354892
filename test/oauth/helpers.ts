/**
 * The OAuth suites' setting: the real cognate Node server of ./server.ts; a pool with a domain
 * (CreateUserPoolDomain), app clients with OAuth settings (CreateUserPoolClient over the SDK), a
 * user; and codes minted in process by
 * the real `authorizationRequest` + `grantAuthorization` over the same database and master key,
 * as the sign-in page will mint them, so the token endpoint is driven over HTTP.
 */
import {
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { Hono } from "hono";
import { createHash, randomBytes } from "node:crypto";
import { authorizationRequest } from "../../src/oauth/authorize-request.js";
import { type Authentication, grantAuthorization } from "../../src/oauth/grant.js";
import type { Hosted } from "../../src/oauth/hosted.js";
import type { UserRecord } from "../../src/storage/index.js";
import { afterAll, beforeAll } from "vitest";
import { poolWithDomain, startServer } from "./server.js";

/** The OAuth settings of the suites' clients. */
export const OAUTH_SETTINGS: Partial<CreateUserPoolClientCommandInput> = {
  AllowedOAuthFlowsUserPoolClient: true,
  AllowedOAuthFlows: ["code", "implicit"],
  AllowedOAuthScopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
  CallbackURLs: ["https://app.example/cb", "http://localhost:3000/callback"],
  SupportedIdentityProviders: ["COGNITO"],
};

/** A PKCE pair (RFC 7636 S256). */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** The server (./server.ts), a pool with a domain and what the suites need of it. */
export async function oauthServer(env: Record<string, string> = {}) {
  const server = await startServer({ env });
  const { sdk, ctx } = server;
  const store = await ctx.store();
  const { poolId } = await poolWithDomain(server);
  const issuer = `${server.url}/${poolId}`;

  const makeClient = async (settings: Partial<CreateUserPoolClientCommandInput> = {}) => {
    const { UserPoolClient } = await sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ...OAUTH_SETTINGS,
        ...settings,
      }),
    );
    return { id: UserPoolClient!.ClientId!, secret: UserPoolClient!.ClientSecret };
  };

  const makeUser = async (username: string): Promise<UserRecord> => {
    const sub = crypto.randomUUID();
    return store.users.create(
      {
        poolId,
        sub,
        username,
        status: "CONFIRMED",
        attributes: { sub, email: `${username}@example.com`, email_verified: "true", name: username },
      },
      Date.now(),
    );
  };

  const hosted = async (): Promise<Hosted> => ({
    ctx,
    pool: (await (await ctx.store()).pools.get(poolId))!,
    issuer,
    base: `/${poolId}`,
    https: false,
    options: {
      publicUrl: server.url,
      domainSuffix: "localhost",
      scheme: () => "http",
      fromTrustedProxy: () => false,
    },
  });

  /**
   * The redirect a signed-in user's authorization request ends in (the sign-in page's last
   * step), for `who` or a password sign-in of `user` just now.
   */
  const authorizeAs = async (
    user: UserRecord,
    params: Record<string, string>,
    who: Partial<Authentication> = {},
  ): Promise<URL> => {
    const request = await authorizationRequest(await hosted(), new URLSearchParams(params));
    if (request instanceof Response)
      throw new Error(
        `authorization refused: ${request.status} ${request.headers.get("location") ?? (await request.text())}`,
      );
    const app = new Hono();
    const h = await hosted();
    app.get("/", (c) =>
      grantAuthorization(c, h, request, {
        sub: user.sub,
        username: user.username,
        authTime: Date.now(),
        amr: ["pwd"],
        ...who,
      }),
    );
    const response = await app.request("/");
    return new URL(response.headers.get("location")!);
  };

  return { server, sdk, store, ctx, poolId, issuer, makeClient, makeUser, authorizeAs, hosted };
}

/** POSTs a form to the token endpoint. */
export function postToken(
  issuer: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${issuer}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form),
  });
}

/** `Authorization: Basic` per RFC 6749 section 2.3.1 (id and secret form-encoded first). */
export function basic(id: string, secret: string): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString("base64")}`;
}

/** What {@link oauthServer} sets up. */
export type OAuthEnv = Awaited<ReturnType<typeof oauthServer>>;

/** {@link oauthServer} for the calling suite: set up in its beforeAll, closed in its afterAll; the object is filled in by then. */
export function oauthSuite(): OAuthEnv {
  const env = {} as OAuthEnv;
  beforeAll(async () => {
    Object.assign(env, await oauthServer());
  });
  afterAll(async () => {
    await env.server?.close();
  });
  return env;
}
