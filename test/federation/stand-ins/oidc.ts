import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair } from "jose";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import { closeServer, type Running } from "./shared.js";

/** Options of {@link startOidc}. */
export interface OidcOptions {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs (oidc-provider matches them exactly). */
  redirectUris: string[];
  /**
   * oidc-provider's `conformIdTokenClaims`: when `true`, scope claims (`email`, `name`, ...) stay
   * out of the ID token whenever an access token is issued, so a relying party must read userinfo.
   * Default `false`: they are in the ID token too.
   */
  conformIdTokenClaims?: boolean;
}

/** A running generic OpenID Provider. */
export interface OidcStandIn extends Running {
  /** Who the next headless login signs in, and the claims the account has (else `alice`). */
  nextSubject: (sub: string, claims?: Record<string, unknown>) => void;
}

/**
 * panva's oidc-provider as a generic OIDC IdP on loopback (federation.md §6.2): one confidential
 * client authenticating with `client_secret_post`, RS256 keys from jose, no dev interactions; a
 * headless login signs in the next queued subject and consent is granted automatically. PKCE and
 * `nonce` are honoured as oidc-provider does; routes are its defaults (`/auth`, `/token`, `/me`,
 * `/jwks`) with discovery at the issuer.
 *
 * @example
 * const op = await startOidc({ clientId: "cognate", clientSecret: "s", redirectUris: [cb] });
 * op.nextSubject("bob", { email: "bob@idp.test" });
 */
export async function startOidc(options: OidcOptions): Promise<OidcStandIn> {
  const queue: string[] = [];
  const accounts = new Map<string, Record<string, unknown>>();
  let provider: Provider | undefined;
  const server = createServer((req, res) => provider!.callback()(req, res));
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const signing = { ...(await exportJWK(privateKey)), kid: "oidc-standin-1", alg: "RS256", use: "sig" };
  provider = new Provider(url, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "given_name", "family_name", "picture"],
    },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({
        email: `${sub}@idp.test`,
        email_verified: true,
        name: `User ${sub}`,
        ...accounts.get(sub),
        sub,
      }),
    }),
    features: { devInteractions: { enabled: false } },
    jwks: { keys: [signing] },
    cookies: { keys: [Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url")] },
    conformIdTokenClaims: options.conformIdTokenClaims ?? false,
    // Explicit lifetimes (seconds) also keep oidc-provider's "default ttl" notices out of test output.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      Grant: 3600,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
    },
    // Errors that cannot go back to the client (unknown client, unregistered redirect_uri) as JSON.
    renderError(ctx: KoaContextWithOIDC, out: Record<string, unknown>) {
      ctx.type = "json";
      ctx.body = out;
    },
    // Auto-consent: oidc-provider asks for a grant only once the account is known.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      const op = ctx.oidc.provider;
      const known = session!.grantIdFor(client!.clientId);
      if (known) return op.Grant.find(known);
      const grant = new op.Grant({ clientId: client!.clientId, accountId: session!.accountId! });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  const op = provider;
  // Headless login: every interaction signs in the next queued subject.
  op.use(async (ctx, next) => {
    if (!ctx.path.startsWith("/interaction/")) return next();
    const accountId = queue.shift() ?? "alice";
    ctx.redirect(
      await op.interactionResult(
        ctx.req,
        ctx.res,
        { login: { accountId } },
        { mergeWithLastSubmission: false },
      ),
    );
  });

  return {
    url,
    close: () => closeServer(server),
    nextSubject: (sub, claims) => {
      queue.push(sub);
      if (claims) accounts.set(sub, claims);
    },
  };
}
