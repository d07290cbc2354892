/**
 * Which request to `/` is STS's: one whose query, or whose form body, names one of its actions
 * (`Action=AssumeRoleWithWebIdentity`). The route table may own `/` too, so only such a call is
 * taken, and STS answers it whole: a wrong version, a GET, a body that is no form or is too large
 * each get STS's own `<ErrorResponse>`, never the route table's 404. Anything else is left to the
 * route table, its body unread.
 */
import { isForm } from "../protocol/query/form.js";

/** How much of a form body is looked at for its `Action` (the SDKs write it first). */
const PEEK_BYTES = 64 * 1024;

/**
 * True when the request is a call of one of `actions`; the request's own body stays unread (a
 * copy's first {@link PEEK_BYTES} are read).
 *
 * @example
 * ```ts
 * app.on(["GET", "POST"], "/", async (c, next) => ((await isStsCall(c.req.raw, names)) ? sts.fetch(c.req.raw) : next()));
 * ```
 */
export async function isStsCall(request: Request, actions: ReadonlySet<string>): Promise<boolean> {
  const names = (params: URLSearchParams) => params.getAll("Action").some((action) => actions.has(action));
  if (names(new URL(request.url).searchParams)) return true;
  if (request.method !== "POST" || !isForm(request) || request.body === null) return false;
  return names(new URLSearchParams(await formPrefix(request.clone())));
}

/**
 * The form's first {@link PEEK_BYTES}, the pair cut at the end dropped: a body too large to be
 * a call is still known for one by its `Action`, and answered RequestEntityTooLarge.
 */
async function formPrefix(request: Request): Promise<string> {
  const reader = request.body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < PEEK_BYTES) {
    const next = await reader.read();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    size += next.value.byteLength;
  }
  // Not awaited: a tee's branch is cancelled for good only once the other is too (the Streams
  // standard), and the other, the request's own body, is read or cancelled after this returns.
  if (!done) reader.cancel().catch(() => undefined);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  const text = new TextDecoder().decode(bytes.subarray(0, PEEK_BYTES));
  return done && size <= PEEK_BYTES ? text : text.slice(0, Math.max(0, text.lastIndexOf("&")));
}
