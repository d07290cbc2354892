/** The page `/logout` shows when no post-logout redirect URI was given (OIDC RP-Initiated Logout). */
import type { Context } from "hono";
import type { Hosted } from "../hosted.js";
import { pageStyle } from "../styles/page-style.js";
import { Layout } from "./layout.js";
import { pageLanguage } from "./messages/index.js";

/** "You have been signed out." (in the request's language), in the client's style when the request named its client. */
export async function signedOutPage(c: Context, hosted: Hosted, clientId?: string): Promise<Response> {
  const style = clientId === undefined ? undefined : await pageStyle(hosted, clientId);
  const { lang, t, setCookie } = pageLanguage(c, hosted);
  const page = (
    <Layout hosted={hosted} title={t.signedOutTitle} lang={lang} {...(style !== undefined && { style })}>
      <p class="textDescription-customizable" role="status">
        {t.signedOut}
      </p>
    </Layout>
  );
  const response = c.html(`<!doctype html>${await page.toString()}`, 200);
  if (setCookie !== undefined) response.headers.append("Set-Cookie", setCookie);
  return response;
}
