/**
 * The pages that send a code to a username through an operation, as the API runs it (the send
 * limits; with PreventUserExistenceErrors a name nobody holds gets the same simulated delivery, so
 * the page reads the same), then a 303 to the page where the code is typed, with the username and
 * where the code went. GET only shows the form: a link never sends a message (mail scanners and
 * prefetchers follow links).
 */
import type { Context } from "hono";
import type { Endpoint, Hosted } from "../hosted.js";
import { callOperation, secretHashFor } from "../operation-call.js";
import { accountPage, formProblem } from "../pages/account-page.js";
import type { MessageKey } from "../pages/messages/index.js";
import { en } from "../pages/messages/en.js";
import { UsernameForm } from "../pages/username-form.js";
import { deliveryParameters } from "./delivery-notice.js";
import { fieldError, type FieldError } from "./field-errors.js";
import { accountFlow, type AccountFlow, field, pageHref, postedForm } from "./flow.js";

/** One such page: its operation, its path, where the code is typed, and its texts. */
export interface SendCodePage {
  operation: "ForgotPassword" | "ResendConfirmationCode";
  path: string;
  next: string;
  title: MessageKey;
  intro?: MessageKey;
  submit: MessageKey;
  /** The link under the form: its path (with the username when `withUsername`) and text. */
  link: { path: string; text: MessageKey; withUsername?: boolean };
}

/**
 * The endpoint (GET, POST) of such a page.
 *
 * @example
 * ```ts
 * export const resendCode = sendCodeEndpoint({ operation: "ResendConfirmationCode", path: "/resendcode", next: "/confirm", ... });
 * ```
 */
export function sendCodeEndpoint(page: SendCodePage): Endpoint {
  return async (c, hosted) => {
    const flow = await accountFlow(c, hosted);
    if (flow instanceof Response) return flow;
    if (c.req.method !== "POST") return render(c, hosted, page, flow, flow.username);
    const posted = await postedForm(c, hosted);
    if (typeof posted === "string")
      return render(c, hosted, page, flow, flow.username, ...formProblem(posted));
    const username = field(posted, "username");
    if (username === "")
      return render(c, hosted, page, flow, username, { field: "username", message: en.enterUsername }, 400);
    const client = flow.request.client;
    const result = await callOperation(c, hosted, page.operation, {
      ClientId: client.id,
      Username: username,
      ...(await secretHashFor(client, username)),
    });
    if (!result.ok) return render(c, hosted, page, flow, username, fieldError(result.error), 400);
    const next = { username, ...deliveryParameters(result.output) };
    return c.redirect(pageHref(hosted, page.next, flow.request.query, next), 303);
  };
}

function render(
  c: Context,
  hosted: Hosted,
  page: SendCodePage,
  flow: AccountFlow,
  username: string,
  error?: FieldError,
  status: 200 | 400 | 403 | 413 = 200,
): Promise<Response> {
  const query = flow.request.query;
  return accountPage(c, hosted, flow, {
    title: page.title,
    status,
    ...(error !== undefined && { error }),
    body: (csrf, t, error) =>
      UsernameForm({
        action: pageHref(hosted, page.path, query),
        csrf,
        t,
        username,
        ...(error !== undefined && { error }),
        ...(page.intro !== undefined && { intro: page.intro }),
        submit: page.submit,
        link: {
          href: pageHref(
            hosted,
            page.link.path,
            query,
            page.link.withUsername === true ? { username } : undefined,
          ),
          text: page.link.text,
        },
      }),
  });
}
