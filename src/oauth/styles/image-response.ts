/**
 * An image of a client's styles as a response: its own content type, never sniffed; an SVG under
 * `default-src 'none'; style-src 'unsafe-inline'`, so that opened on its own it runs nothing and
 * loads nothing (the pages show every image through `<img>`, where no script runs anyway).
 */
import type { Logo } from "./client-style.js";

const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

/** The image, or a 404 for none. */
export function imageResponse(image: Logo | undefined): Response {
  if (image === undefined)
    return new Response("Not Found", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const headers: Record<string, string> = {
    "Content-Type": image.type,
    "X-Content-Type-Options": "nosniff",
    "Content-Disposition": "inline",
  };
  if (image.type === "image/svg+xml") headers["Content-Security-Policy"] = SVG_POLICY;
  return new Response(image.bytes as Uint8Array<ArrayBuffer>, { status: 200, headers });
}
