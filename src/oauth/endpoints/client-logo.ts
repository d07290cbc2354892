/**
 * `/assets/logo?client_id=X`: the client's logo (the UI customization's image, else the
 * managed-login branding's form or header logo) with its own content type, never sniffed. An SVG
 * is served under `default-src 'none'; style-src 'unsafe-inline'`: opened on its own it can run
 * nothing and load nothing, and the pages show it only through `<img>`, where no script runs.
 */
import type { Endpoint } from "../hosted.js";
import { clientLogo } from "../styles/client-style.js";

const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

/** The endpoint (GET). */
export const clientLogoEndpoint: Endpoint = async (c, hosted) => {
  const logo = await clientLogo(hosted, c.req.query("client_id") ?? "");
  if (logo === undefined)
    return new Response("Not Found", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const headers: Record<string, string> = {
    "Content-Type": logo.type,
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": 'inline; filename="logo"',
  };
  if (logo.type === "image/svg+xml") headers["Content-Security-Policy"] = SVG_POLICY;
  return new Response(logo.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers });
};
