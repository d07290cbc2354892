/** The client's styles as the layout links them: the stylesheet route, and the logo route when there is a logo. */
import type { Hosted } from "../hosted.js";
import type { PageStyle } from "../pages/layout.js";
import { clientLogo } from "./client-style.js";

/** The stylesheet's path under the page's base. */
export const CLIENT_STYLESHEET_PATH = "/assets/style.css";
/** The logo's path under the page's base. */
export const CLIENT_LOGO_PATH = "/assets/logo";

/**
 * The layout's `style` prop for the client's pages.
 *
 * @example
 * ```ts
 * <Layout hosted={hosted} title="Sign up" style={await pageStyle(hosted, client.id)}>...</Layout>
 * ```
 */
export async function pageStyle(hosted: Hosted, clientId: string): Promise<PageStyle> {
  const query = `client_id=${encodeURIComponent(clientId)}`;
  const logo = await clientLogo(hosted, clientId);
  return {
    stylesheet: `${hosted.base}${CLIENT_STYLESHEET_PATH}?${query}`,
    ...(logo !== undefined && {
      logo: { src: `${hosted.base}${CLIENT_LOGO_PATH}?${query}`, alt: hosted.pool.name },
    }),
  };
}
