/** `/assets/logo?client_id=X`: the client's logo, as the pages link it (see styles/client-style.ts). */
import type { Endpoint } from "../hosted.js";
import { clientLogo } from "../styles/client-style.js";
import { imageResponse } from "../styles/image-response.js";

/** The endpoint (GET). */
export const clientLogoEndpoint: Endpoint = async (c, hosted) =>
  imageResponse(await clientLogo(hosted, c.req.query("client_id") ?? ""));
