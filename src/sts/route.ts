/**
 * Which `POST /` is STS's: a form (the Query protocol) naming one of its actions and its version.
 * The route table may own `/` too, so only such a call is taken; anything else is left to it,
 * its body unread.
 */
import { isForm } from "../protocol/query/form.js";
import { readBodyLimited } from "../util/body.js";
import { STS_VERSION } from "./service.js";

/** Bodies larger than this are nobody's STS call (its largest is a 20000-character token). */
const PEEK_BYTES = 64 * 1024;

/**
 * True when the request is a call of one of `actions`; the request's own body stays unread (a
 * copy is read).
 */
export async function isStsCall(request: Request, actions: ReadonlySet<string>): Promise<boolean> {
  if (request.method !== "POST" || !isForm(request)) return false;
  const body = await readBodyLimited(request.clone(), PEEK_BYTES);
  if ("tooLarge" in body) return false;
  const params = new URLSearchParams(new TextDecoder().decode(body));
  const action = params.get("Action");
  return action !== null && actions.has(action) && params.get("Version") === STS_VERSION;
}
