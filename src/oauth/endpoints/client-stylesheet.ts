/**
 * `/assets/style.css?client_id=X`: the client's styles, linked by every page after the default
 * stylesheet (a stylesheet route keeps the CSP's `style-src 'self'`: no inline style). The
 * managed-login branding's colours as custom properties and rules, then the UI customization's
 * CSS (sanitized by SetUICustomization when stored, escaped again here).
 */
import type { Endpoint } from "../hosted.js";
import { clientStylesheet } from "../styles/client-style.js";

/** The endpoint (GET). */
export const clientStylesheetEndpoint: Endpoint = async (c, hosted) => {
  const css = await clientStylesheet(hosted, c.req.query("client_id") ?? "");
  return new Response(css ?? "/* no such client */\n", {
    status: css === undefined ? 404 : 200,
    headers: { "Content-Type": "text/css; charset=utf-8", "X-Content-Type-Options": "nosniff" },
  });
};
