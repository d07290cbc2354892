/** `GET /assets/cognate.css`: the hosted UI's default stylesheet (pages/stylesheet.ts). */
import type { Endpoint } from "../hosted.js";
import { COGNATE_CSS } from "../pages/stylesheet.js";

/** The endpoint: the same bytes for every pool, cacheable for a day. */
export const stylesheet: Endpoint = () =>
  new Response(COGNATE_CSS, {
    headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
