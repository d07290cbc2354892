// OIDC issuers that fail the ways a real one can, on one loopback server: keys that are no JSON,
// a key set of 2 MB, one that never answers, keys that are no usable RSA key, and an issuer no
// server listens for. The configuration's openIdConnectProviders names each; a token "of" each.
import { createServer, type Server } from "node:http";

/** What one broken issuer is. */
export interface BrokenIssuer {
  what: string;
  /** The issuer URL (the token's `iss`); its Logins key and provider ARN are it without the scheme. */
  url: string;
  jwksUri?: string;
}

/** Starts the server; `close` ends it (and the requests it left hanging). */
export async function startBrokenIssuers(): Promise<{ issuers: BrokenIssuer[]; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "";
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (path === "/garbage/.well-known/openid-configuration") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ issuer: `${base}/garbage`, jwks_uri: `${base}/garbage/jwks` }));
    } else if (path === "/garbage/jwks") {
      res.setHeader("content-type", "text/html");
      res.end("<html>not keys</html>");
    } else if (path === "/huge/jwks") {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({ keys: [{ kty: "RSA", kid: "k", n: "a".repeat(2 * 1024 * 1024), e: "AQAB" }] }),
      );
    } else if (path === "/slow/jwks") {
      // Never answered: the verifier's own timeout ends the wait.
    } else if (path === "/wrong-keys/jwks") {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({ keys: [{ kty: "RSA", kid: "k", n: "not-base64url!", e: "AQAB", alg: "RS256" }] }),
      );
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    issuers: [
      { what: "keys that are no JSON", url: `${base}/garbage` },
      { what: "a key set of 2 MB", url: `${base}/huge`, jwksUri: `${base}/huge/jwks` },
      { what: "keys never sent", url: `${base}/slow`, jwksUri: `${base}/slow/jwks` },
      { what: "no usable key", url: `${base}/wrong-keys`, jwksUri: `${base}/wrong-keys/jwks` },
      // Port 1: nothing listens there.
      { what: "no server", url: "http://127.0.0.1:1/none" },
    ],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A token that names the issuer and the client `app` (its signature made up). */
export function tokenOf(issuer: BrokenIssuer): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: "RS256", kid: "k", typ: "JWT" })}.${part({
    iss: issuer.url,
    aud: "app",
    sub: "user-1",
    iat: now,
    exp: now + 600,
  })}.${Buffer.from("made-up signature").toString("base64url")}`;
}
