/**
 * The error page in the pages' layout and, when the request named one of the pool's clients,
 * in that client's style: Cognito's sentence as the title, then the error code and the reason as
 * text (the same words and ids as D's errorPage). Nothing from the request becomes a link. The
 * title, and a reason the catalogue knows, are in the request's language; other reasons stay as given.
 */
import type { Context } from "hono";
import type { Hosted } from "../hosted.js";
import { CLIENT_ID } from "../styles/client-style.js";
import { pageStyle } from "../styles/page-style.js";
import { Layout } from "./layout.js";
import { localize, pageLanguage } from "./messages/index.js";

/** The page (400). */
export async function styledErrorPage(
  c: Context,
  hosted: Hosted,
  error: string,
  description: string,
  clientId?: string,
): Promise<Response> {
  const known =
    clientId !== undefined &&
    CLIENT_ID.test(clientId) &&
    (await (await hosted.ctx.store()).clients.get(hosted.pool.id, clientId)) !== null;
  const style = known ? await pageStyle(hosted, clientId) : undefined;
  const language = pageLanguage(c, hosted);
  const page = (
    <Layout
      hosted={hosted}
      title={language.t.errorTitle}
      lang={language.lang}
      {...(style !== undefined && { style })}
    >
      <p id="error-code" class="errorMessage-customizable">
        <code>{error}</code>
      </p>
      <p id="error-description" class="textDescription-customizable">
        {localize(language.t, description)}
      </p>
    </Layout>
  );
  const response = c.html(`<!doctype html>${await page.toString()}`, 400);
  if (language.setCookie !== undefined) response.headers.append("Set-Cookie", language.setCookie);
  return response;
}
