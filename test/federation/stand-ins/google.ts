import { Hono } from "hono";
import type { Context } from "hono";
import {
  basicCredentials,
  Codes,
  consentPages,
  formOf,
  listen,
  pkceMatches,
  randomToken,
  rsaSigningKey,
  type Running,
  signIdToken,
  showsConsent,
  withQuery,
} from "./shared.js";

/** A Google account signing in. */
export interface GoogleUser {
  sub: string;
  email: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
}

/** Options of {@link startGoogle}. */
export interface GoogleOptions {
  clientId: string;
  clientSecret: string;
  /** Authorized redirect URIs, matched exactly. */
  redirectUris: string[];
  /** `iss` of ID tokens and discovery; default the stand-in's own origin (discovery must match it). */
  issuer?: string;
  /** Show a sign-in/consent page (`#allow`, `#cancel`) before redirecting back; default off. */
  consent?: boolean;
}

/** A running Google stand-in. */
export interface GoogleStandIn extends Running {
  /** Who signs in at the next authorization (else `100000000000000000001`). */
  nextUser: (user: GoogleUser) => void;
  /** The issuer its ID tokens carry. */
  issuer: string;
  /**
   * The next ID token is forged: signed by a key not in its JWKS under the same `kid` (`"key"`,
   * the default), or carrying a `nonce` other than the one asked for (`"nonce"`).
   */
  forgeNext: (what?: "key" | "nonce") => void;
}

/** Google API error bodies (People API, userinfo). */
function apiError(code: number, message: string, status: string) {
  return { error: { code, message, status } };
}

/**
 * Google's OAuth 2.0 / OpenID Connect endpoints on loopback: discovery, `/o/oauth2/v2/auth`,
 * `POST /token` and `/oauth2/v4/token` (form; `client_secret_post` or Basic), `/oauth2/v3/certs`, `/v1/userinfo` and the
 * People API's `/v1/people/me?personFields=`. PKCE and `nonce` are honoured; ID tokens carry
 * `iss, azp, aud, sub, email, email_verified, name, picture, nonce`.
 */
export async function startGoogle(options: GoogleOptions): Promise<GoogleStandIn> {
  const key = await rsaSigningKey("google-standin-1");
  const codes = new Codes(5 * 60_000);
  const users = new Map<string, GoogleUser>();
  const tokens = new Map<string, GoogleUser>();
  const queue: GoogleUser[] = [];
  const consent = consentPages("Google");
  let forge: "key" | "nonce" | undefined;
  let issuer = "";

  const running = await listen((url) => {
    issuer = options.issuer ?? url;
    const app = new Hono();
    app.get("/.well-known/openid-configuration", (c) =>
      c.json({
        issuer,
        // Posing as Google (an `issuer` given), it names Google's own URLs, as Google's document does:
        // the relying party's endpointOrigins bring them here.
        authorization_endpoint: `${options.issuer === undefined ? url : "https://accounts.google.com"}/o/oauth2/v2/auth`,
        token_endpoint: options.issuer === undefined ? `${url}/token` : "https://oauth2.googleapis.com/token",
        userinfo_endpoint: `${options.issuer === undefined ? url : "https://openidconnect.googleapis.com"}/v1/userinfo`,
        jwks_uri: `${options.issuer === undefined ? url : "https://www.googleapis.com"}/oauth2/v3/certs`,
        response_types_supported: ["code", "token", "id_token", "code id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        scopes_supported: ["openid", "email", "profile"],
        token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
        claims_supported: [
          "aud",
          "email",
          "email_verified",
          "exp",
          "family_name",
          "given_name",
          "iat",
          "iss",
          "name",
          "picture",
          "sub",
        ],
        code_challenge_methods_supported: ["plain", "S256"],
        grant_types_supported: ["authorization_code", "refresh_token"],
      }),
    );
    app.get("/oauth2/v3/certs", (c) => c.json({ keys: [key.jwk] }));
    const authorize = (c: Context, q: Record<string, string>) => {
      // Google shows these on its own error page, never at the redirect URI.
      if (q.client_id !== options.clientId)
        return c.text("Error 401: invalid_client. The OAuth client was not found.", 401);
      if (!q.redirect_uri || !options.redirectUris.includes(q.redirect_uri))
        return c.text("Error 400: redirect_uri_mismatch", 400);
      const back = new URL(q.redirect_uri);
      if (q.state) back.searchParams.set("state", q.state);
      if (q.response_type !== "code" || !(q.scope ?? "").split(" ").includes("openid")) {
        back.searchParams.set(
          "error",
          q.response_type !== "code" ? "unsupported_response_type" : "invalid_scope",
        );
        return c.redirect(back.href, 302);
      }
      const user = queue.shift() ?? {
        sub: "100000000000000000001",
        email: "google@example.test",
        name: "Google User",
      };
      users.set(user.sub, user);
      const code = codes.issue({
        clientId: q.client_id,
        redirectUri: q.redirect_uri,
        sub: user.sub,
        scope: q.scope!,
        nonce: q.nonce,
        codeChallenge: q.code_challenge,
        codeChallengeMethod: q.code_challenge_method ?? "plain",
      });
      back.searchParams.set("code", code);
      back.searchParams.set("scope", q.scope!);
      return c.redirect(back.href, 302);
    };
    app.get("/o/oauth2/v2/auth", (c) => {
      const q = c.req.query();
      // A bad client or redirect URI gets Google's own error page, never the consent page.
      if (!showsConsent(options, q)) return authorize(c, q);
      return consent.page(q, queue[0]?.email ?? "google@example.test", `${url}/consent`);
    });
    app.post("/consent", async (c) => {
      const decision = await consent.decide(c.req.raw);
      if (!decision) return c.text("This sign-in page has expired. Start again.", 400);
      if (decision.allow) return authorize(c, decision.query);
      // Google's answer when the person cancels at the consent screen.
      return c.redirect(
        withQuery(decision.query.redirect_uri!, { error: "access_denied", state: decision.query.state }),
        302,
      );
    });
    // `/token` as discovery names it; `/oauth2/v4/token` as Cognito's Google token_url does.
    app.on("POST", ["/token", "/oauth2/v4/token"], async (c) => {
      const form = await formOf(c.req.raw);
      const [basicId, basicSecret] = basicCredentials(c.req.header("authorization"));
      const clientId = form.client_id ?? basicId;
      if (clientId !== options.clientId || (form.client_secret ?? basicSecret) !== options.clientSecret)
        return c.json({ error: "invalid_client", error_description: "Unauthorized" }, 401);
      if (form.grant_type !== "authorization_code")
        return c.json(
          {
            error: "unsupported_grant_type",
            error_description: `Invalid grant_type: ${form.grant_type ?? ""}`,
          },
          400,
        );
      const grant = codes.consume(form.code);
      if (!grant || grant.clientId !== clientId)
        return c.json({ error: "invalid_grant", error_description: "Bad Request" }, 400);
      if (grant.redirectUri !== form.redirect_uri)
        return c.json({ error: "redirect_uri_mismatch", error_description: "Bad Request" }, 400);
      if (!(await pkceMatches(grant, form.code_verifier)))
        return c.json({ error: "invalid_grant", error_description: "Missing code verifier." }, 400);
      const user = users.get(grant.sub)!;
      const accessToken = `ya29.${randomToken()}`;
      tokens.set(accessToken, user);
      const signer = forge === "key" ? await rsaSigningKey(key.jwk.kid!) : key;
      const nonce = forge === "nonce" ? "a-nonce-from-another-sign-in" : grant.nonce;
      forge = undefined;
      const idToken = await signIdToken(signer, {
        iss: issuer,
        azp: clientId,
        aud: clientId,
        sub: user.sub,
        email: user.email,
        email_verified: user.email_verified ?? true,
        ...(user.name ? { name: user.name } : {}),
        ...(user.picture ? { picture: user.picture } : {}),
        ...(user.given_name ? { given_name: user.given_name } : {}),
        ...(user.family_name ? { family_name: user.family_name } : {}),
        ...(nonce ? { nonce } : {}),
      });
      return c.json({
        access_token: accessToken,
        expires_in: 3599,
        scope: grant.scope,
        token_type: "Bearer",
        id_token: idToken,
      });
    });
    const bearer = (header: string | undefined) =>
      header?.startsWith("Bearer ") ? tokens.get(header.slice(7)) : undefined;
    const unauthenticated = apiError(
      401,
      "Request had invalid authentication credentials.",
      "UNAUTHENTICATED",
    );
    app.get("/v1/userinfo", (c) => {
      const user = bearer(c.req.header("authorization"));
      if (!user) return c.json(unauthenticated, 401);
      return c.json({ email_verified: true, ...user });
    });
    app.get("/v1/people/me", (c) => {
      const user = bearer(c.req.header("authorization"));
      if (!user) return c.json(unauthenticated, 401);
      const fields = (c.req.query("personFields") ?? "").split(",").filter(Boolean);
      if (fields.length === 0)
        return c.json(
          apiError(
            400,
            "personFields mask is required. Please specify one or more valid paths.",
            "INVALID_ARGUMENT",
          ),
          400,
        );
      const primary = { primary: true, source: { type: "PROFILE", id: user.sub } };
      const person: Record<string, unknown> = {
        resourceName: `people/${user.sub}`,
        etag: "%EgUBAi43PRoEAQIFByIM",
      };
      if (fields.includes("names") && user.name)
        person.names = [
          {
            metadata: primary,
            displayName: user.name,
            givenName: user.given_name,
            familyName: user.family_name,
          },
        ];
      if (fields.includes("emailAddresses"))
        person.emailAddresses = [
          { metadata: { ...primary, verified: user.email_verified ?? true }, value: user.email },
        ];
      if (fields.includes("photos") && user.picture)
        person.photos = [{ metadata: primary, url: user.picture }];
      return c.json(person);
    });
    return app;
  });
  return {
    ...running,
    issuer,
    nextUser: (u) => queue.push(u),
    forgeNext: (what = "key") => {
      forge = what;
    },
  };
}
