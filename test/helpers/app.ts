import { Hono } from "hono";
import { authorizer, type AuthorizerOptions } from "../../src/index.js";
import type { TestIssuer } from "./issuer.js";

export const POOL_ID = "us-east-1_TestPool1";
export const CLIENT_ID = "3n4b5urk1ft4fl3mg5e62d9ado";
/** AWS's issuer URL for POOL_ID: what a `cognito` issuer trusts by default. */
export const COGNITO_ISSUER = `https://cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`;

/** A Hono app with `authorizer()` on /api/*, trusting POOL_ID (served by `issuer`, whose fetch and clock it uses); /api/me echoes the principal. */
export function protectedApp(issuer: TestIssuer, options: Partial<AuthorizerOptions> = {}): Hono {
  const app = new Hono();
  app.use(
    "/api/*",
    authorizer({
      issuers: [{ type: "cognito", userPoolId: POOL_ID, clientId: CLIENT_ID, tokenUse: "access" }],
      fetch: issuer.fetch,
      now: issuer.now,
      ...options,
    }),
  );
  app.get("/api/me", (c) => c.json(c.var.principal));
  return app;
}

export function get(
  app: Hono,
  token?: string,
  path = "/api/me",
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      headers: token === undefined ? headers : { authorization: `Bearer ${token}`, ...headers },
    }),
  );
}

/** The RFC 6750 parameters of a `WWW-Authenticate: Bearer ...` header. */
export function challenge(response: Response): Record<string, string> {
  const header = response.headers.get("www-authenticate") ?? "";
  const params: Record<string, string> = {};
  if (!header.startsWith("Bearer ")) return params;
  params.scheme = "Bearer";
  for (const m of header.slice(7).matchAll(/(\w+)="([^"]*)"/g)) params[m[1]!] = m[2]!;
  return params;
}
