/** The page `/logout` shows when no post-logout redirect URI was given (OIDC RP-Initiated Logout). */
import type { Context } from "hono";
import type { Hosted } from "../hosted.js";
import { pageStyle } from "../styles/page-style.js";
import { Layout } from "./layout.js";

/** "You have been signed out.", in the client's style when the request named its client. */
export async function signedOutPage(c: Context, hosted: Hosted, clientId?: string): Promise<Response> {
  const style = clientId === undefined ? undefined : await pageStyle(hosted, clientId);
  const page = (
    <Layout hosted={hosted} title="Signed out" {...(style !== undefined && { style })}>
      <p class="textDescription-customizable" role="status">
        You have been signed out.
      </p>
    </Layout>
  );
  return c.html(`<!doctype html>${await page.toString()}`, 200);
}
