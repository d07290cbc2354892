/**
 * The pages where a code that was sent is typed (`/confirm`, `/confirmforgotPassword`): the form
 * read and its CSRF token checked, the username and the code required (white space inside the code
 * dropped), the page's own fields checked, then the operation as the API runs it (code limits,
 * PreventUserExistenceErrors); on success a 303 back to `/login` with the authorization request's
 * query and the username as `login_hint`, otherwise the form again with the error.
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { Endpoint, Hosted } from "../hosted.js";
import { callOperation, secretHashFor } from "../operation-call.js";
import { accountPage, formProblem } from "../pages/account-page.js";
import type { Catalogue, MessageKey } from "../pages/messages/index.js";
import { en } from "../pages/messages/en.js";
import { fieldError, type FieldError } from "./field-errors.js";
import { accountFlow, type AccountFlow, field, pageHref, postedForm } from "./flow.js";

/** What every such form shows: it posts to the page's own path and query. */
export interface EnterCodeFormProps {
  action: string;
  csrf: string;
  t: Catalogue;
  username: string;
  error?: FieldError;
}

/** One such page: its operation, path, title and form, and the fields it adds to the username and code. */
export interface EnterCodePage {
  operation: "ConfirmSignUp" | "ConfirmForgotPassword";
  path: string;
  title: MessageKey;
  /** The form, given what every such form shows, in this flow. */
  form: (props: EnterCodeFormProps, hosted: Hosted, flow: AccountFlow) => Child;
  /**
   * The page's own fields, checked after the username and the code: the first error, or the
   * operation parameters they add.
   */
  ownFields?: (posted: URLSearchParams) => { error: FieldError } | { params: Record<string, string> };
}

/**
 * The endpoint (GET, POST) of such a page.
 *
 * @example
 * ```ts
 * export const confirm = enterCodeEndpoint({
 *   operation: "ConfirmSignUp",
 *   path: "/confirm",
 *   title: "confirmTitle",
 *   form: (props, hosted, flow) => ConfirmForm({ ...props, resendAction: ... }),
 * });
 * ```
 */
export function enterCodeEndpoint(page: EnterCodePage): Endpoint {
  return async (c, hosted) => {
    const flow = await accountFlow(c, hosted);
    if (flow instanceof Response) return flow;
    if (c.req.method !== "POST")
      return render(c, hosted, page, flow, flow.username, undefined, 200, flow.notice);
    const posted = await postedForm(c, hosted);
    if (typeof posted === "string")
      return render(c, hosted, page, flow, flow.username, ...formProblem(posted));
    const username = field(posted, "username");
    const code = field(posted, "code").replace(/\s+/g, "");
    if (username === "")
      return render(c, hosted, page, flow, username, { field: "username", message: en.enterUsername }, 400);
    if (code === "")
      return render(c, hosted, page, flow, username, { field: "code", message: en.enterCodeReceived }, 400);
    const own = page.ownFields?.(posted) ?? { params: {} };
    if ("error" in own) return render(c, hosted, page, flow, username, own.error, 400);
    const client = flow.request.client;
    const result = await callOperation(c, hosted, page.operation, {
      ClientId: client.id,
      Username: username,
      ConfirmationCode: code,
      ...own.params,
      ...(await secretHashFor(client, username)),
    });
    if (!result.ok) return render(c, hosted, page, flow, username, fieldError(result.error), 400);
    return c.redirect(pageHref(hosted, "/login", flow.request.query, { login_hint: username }), 303);
  };
}

function render(
  c: Context,
  hosted: Hosted,
  page: EnterCodePage,
  flow: AccountFlow,
  username: string,
  error?: FieldError,
  status: 200 | 400 | 403 | 413 = 200,
  notice?: string,
): Promise<Response> {
  return accountPage(c, hosted, flow, {
    title: page.title,
    status,
    ...(error !== undefined && { error }),
    ...(notice !== undefined && { notice }),
    body: (csrf, t, error) =>
      page.form(
        {
          action: pageHref(hosted, page.path, flow.request.query),
          csrf,
          t,
          username,
          ...(error !== undefined && { error }),
        },
        hosted,
        flow,
      ),
  });
}
