import { Hono } from "hono";
import type { Context } from "hono";
import { Codes, consentPages, listen, randomToken, type Running, showsConsent, withQuery } from "./shared.js";

/** A Facebook user: `id` plus any Graph fields (`email`, `name`, `first_name`, ...). */
export type FacebookUser = { id: string } & Record<string, string>;

/** Options of {@link startFacebook}. */
export interface FacebookOptions {
  clientId: string;
  clientSecret: string;
  /** Redirect URIs registered for the app, matched exactly. */
  redirectUris: string[];
  /** Graph API version in the paths; default `v21.0`. */
  version?: string;
  /** Show a sign-in/consent page (`#allow`, `#cancel`) before redirecting back; default off. */
  consent?: boolean;
}

/** A running Facebook stand-in. */
export interface FacebookStandIn extends Running {
  /** Who signs in at the next dialog (else `{ id: "10001", name: "Fb User", email: "fb@example.test" }`). */
  nextUser: (user: FacebookUser) => void;
  /** The next dialog is cancelled by the user (`error=access_denied ... user_denied`). */
  cancelNext: () => void;
}

/** Graph API's error body, as Facebook sends it with status 400. */
function graphError(message: string, code = 100, type = "OAuthException") {
  return { error: { message, type, code, fbtrace_id: "AstandInTrace" } };
}

/**
 * Facebook Login on loopback: `GET /{v}/dialog/oauth`, the token exchange as a **GET**
 * (`/{v}/oauth/access_token?client_id&redirect_uri&client_secret&code`) and `GET /{v}/me?fields=`
 * answering only the fields asked for.
 *
 * @example
 * const fb = await startFacebook({ clientId: "app", clientSecret: "s", redirectUris: [cb] });
 * fb.nextUser({ id: "42", email: "a@b.test" });
 */
export async function startFacebook(options: FacebookOptions): Promise<FacebookStandIn> {
  const v = options.version ?? "v21.0";
  const codes = new Codes();
  const users = new Map<string, FacebookUser>();
  const tokens = new Map<string, FacebookUser>();
  const queue: Array<FacebookUser | "cancel"> = [];
  const consent = consentPages("Facebook");
  const cancelled = (q: Record<string, string>) =>
    withQuery(q.redirect_uri!, {
      error: "access_denied",
      error_code: "200",
      error_description: "Permissions error",
      error_reason: "user_denied",
      state: q.state,
    });
  const running = await listen((url) => {
    const app = new Hono();
    const dialog = (c: Context, q: Record<string, string>) => {
      if (q.client_id !== options.clientId) return c.json(graphError("Invalid App ID", 101), 400);
      if (!q.redirect_uri || !options.redirectUris.includes(q.redirect_uri))
        return c.text("URL blocked: the redirect URI is not whitelisted in the app's settings.", 400);
      const next = queue.shift() ?? { id: "10001", name: "Fb User", email: "fb@example.test" };
      if (next === "cancel") return c.redirect(cancelled(q), 302);
      const code = codes.issue({
        clientId: q.client_id,
        redirectUri: q.redirect_uri,
        sub: next.id,
        scope: q.scope ?? "public_profile",
      });
      users.set(next.id, next);
      return c.redirect(withQuery(q.redirect_uri, { code, state: q.state }), 302);
    };
    app.get(`/${v}/dialog/oauth`, (c) => {
      const q = c.req.query();
      const next = queue[0];
      if (next === "cancel" || !showsConsent(options, q)) return dialog(c, q);
      return consent.page(q, next?.name ?? "Fb User", `${url}/${v}/dialog/consent`);
    });
    app.post(`/${v}/dialog/consent`, async (c) => {
      const decision = await consent.decide(c.req.raw);
      if (!decision) return c.text("This page isn't available.", 400);
      return decision.allow ? dialog(c, decision.query) : c.redirect(cancelled(decision.query), 302);
    });
    app.get(`/${v}/oauth/access_token`, (c) => {
      const q = c.req.query();
      if (q.client_id !== options.clientId || q.client_secret !== options.clientSecret)
        return c.json(graphError("Error validating client secret.", 1), 400);
      const grant = codes.consume(q.code);
      if (!grant || grant.clientId !== q.client_id)
        return c.json(graphError("This authorization code has been used.", 100), 400);
      if (grant.redirectUri !== q.redirect_uri)
        return c.json(
          graphError(
            "Error validating verification code. Please make sure your redirect_uri is identical.",
            100,
          ),
          400,
        );
      const accessToken = `EAA${randomToken()}`;
      tokens.set(accessToken, users.get(grant.sub)!);
      return c.json({ access_token: accessToken, token_type: "bearer", expires_in: 5_183_944 });
    });
    app.get(`/${v}/me`, (c) => {
      const token = c.req.query("access_token") ?? c.req.header("authorization")?.replace(/^Bearer /i, "");
      const user = token ? tokens.get(token) : undefined;
      if (!user) return c.json(graphError("Invalid OAuth access token data.", 190), 400);
      const fields = (c.req.query("fields") ?? "id,name").split(",").map((f) => f.trim());
      const body: Record<string, string> = { id: user.id };
      for (const f of fields) if (f in user) body[f] = user[f]!;
      return c.json(body);
    });
    return app;
  });
  return { ...running, nextUser: (u) => queue.push(u), cancelNext: () => queue.push("cancel") };
}
