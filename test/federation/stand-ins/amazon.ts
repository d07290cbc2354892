import { Hono } from "hono";
import type { Context } from "hono";
import {
  basicCredentials,
  Codes,
  consentPages,
  formOf,
  listen,
  randomToken,
  type Running,
  showsConsent,
  withQuery,
} from "./shared.js";

/** A Login with Amazon profile. */
export interface AmazonUser {
  user_id: string;
  name?: string;
  email?: string;
  postal_code?: string;
}

/** Options of {@link startAmazon}. */
export interface AmazonOptions {
  clientId: string;
  clientSecret: string;
  /** Allowed return URLs, matched exactly. */
  redirectUris: string[];
  /** Show a sign-in/consent page (`#allow`, `#cancel`) before redirecting back; default off. */
  consent?: boolean;
}

/** A running Login with Amazon stand-in. */
export interface AmazonStandIn extends Running {
  /** Who signs in at the next `/ap/oa` (else `amzn1.account.STANDIN`). */
  nextUser: (user: AmazonUser) => void;
}

/**
 * Login with Amazon on loopback: `GET /ap/oa`, `POST /auth/o2/token` (form, client credentials in
 * the body or Basic) and `GET /user/profile` with a Bearer token. Errors are OAuth 2.0 JSON.
 */
export async function startAmazon(options: AmazonOptions): Promise<AmazonStandIn> {
  const codes = new Codes(5 * 60_000);
  const users = new Map<string, AmazonUser>();
  const tokens = new Map<string, AmazonUser>();
  const queue: AmazonUser[] = [];
  const consent = consentPages("Amazon");
  const running = await listen((url) => {
    const app = new Hono();
    const authorize = (c: Context, q: Record<string, string>) => {
      if (
        q.client_id !== options.clientId ||
        !q.redirect_uri ||
        !options.redirectUris.includes(q.redirect_uri)
      )
        return c.text("An unknown client or a return URL not on the allow list.", 400);
      if (q.response_type !== "code")
        return c.redirect(
          withQuery(q.redirect_uri, { error: "unsupported_response_type", state: q.state }),
          302,
        );
      const user = queue.shift() ?? {
        user_id: "amzn1.account.STANDIN",
        name: "Amazon User",
        email: "amazon@example.test",
        postal_code: "98101",
      };
      users.set(user.user_id, user);
      const code = codes.issue({
        clientId: q.client_id,
        redirectUri: q.redirect_uri,
        sub: user.user_id,
        scope: q.scope ?? "profile",
      });
      return c.redirect(withQuery(q.redirect_uri, { code, scope: q.scope, state: q.state }), 302);
    };
    app.get("/ap/oa", (c) => {
      const q = c.req.query();
      if (!showsConsent(options, q)) return authorize(c, q);
      return consent.page(q, queue[0]?.name ?? "Amazon User", `${url}/ap/consent`);
    });
    app.post("/ap/consent", async (c) => {
      const decision = await consent.decide(c.req.raw);
      if (!decision) return c.text("This sign-in page has expired.", 400);
      if (decision.allow) return authorize(c, decision.query);
      // [?] The words: LWA's error table has access_denied for a customer who declines.
      return c.redirect(
        withQuery(decision.query.redirect_uri!, {
          error: "access_denied",
          error_description: "The customer denied the request",
          state: decision.query.state,
        }),
        302,
      );
    });
    app.post("/auth/o2/token", async (c) => {
      const form = await formOf(c.req.raw);
      const [basicId, basicSecret] = basicCredentials(c.req.header("authorization"));
      const clientId = form.client_id ?? basicId;
      const clientSecret = form.client_secret ?? basicSecret;
      if (form.grant_type !== "authorization_code") return c.json({ error: "unsupported_grant_type" }, 400);
      if (clientId !== options.clientId || clientSecret !== options.clientSecret)
        return c.json({ error: "invalid_client", error_description: "Client authentication failed" }, 401);
      const grant = codes.consume(form.code);
      if (!grant || grant.clientId !== clientId || grant.redirectUri !== form.redirect_uri)
        return c.json(
          { error: "invalid_grant", error_description: "The request has an invalid grant parameter : code" },
          400,
        );
      const accessToken = `Atza|${randomToken()}`;
      tokens.set(accessToken, users.get(grant.sub)!);
      return c.json({
        access_token: accessToken,
        refresh_token: `Atzr|${randomToken()}`,
        token_type: "bearer",
        expires_in: 3600,
      });
    });
    app.get("/user/profile", (c) => {
      const auth = c.req.header("authorization") ?? "";
      const user = auth.startsWith("Bearer ") ? tokens.get(auth.slice(7)) : undefined;
      if (!user)
        return c.json(
          { error: "invalid_token", error_description: "The access token provided is invalid" },
          401,
        );
      return c.json(user);
    });
    return app;
  });
  return { ...running, nextUser: (u) => queue.push(u) };
}
