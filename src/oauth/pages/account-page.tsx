/**
 * An account page as a response: the layout (F1's) with the client's styles, a fresh CSRF token
 * for its forms (and the cookie it is bound to, when the browser had none), the form's own
 * error and a notice above the body, and the status; in the request's language (messages/), whose
 * cookie it sets when the request gave `lang`.
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AccountFlow } from "../account/flow.js";
import type { FieldError } from "../account/field-errors.js";
import { CSRF_ERROR, csrfToken } from "../csrf.js";
import type { Hosted } from "../hosted.js";
import { pageStyle } from "../styles/page-style.js";
import { Layout } from "./layout.js";
import { type Catalogue, localize, type MessageKey, pageLanguage } from "./messages/index.js";
import { en } from "./messages/en.js";

/** What a page puts in the layout. */
export interface AccountPageOptions {
  /** The title's catalogue key. */
  title: MessageKey;
  status?: 200 | 400 | 403 | 413;
  /** An error: a field's is shown by the body, one without a field above the form. */
  error?: FieldError;
  notice?: string;
  /** The body, given the CSRF token its forms carry, the words of the page's language and the error in them. */
  body: (csrf: string, t: Catalogue, error?: FieldError) => Child;
}

/** The page. */
export async function accountPage(
  c: Context,
  hosted: Hosted,
  flow: AccountFlow,
  options: AccountPageOptions,
): Promise<Response> {
  const csrf = await csrfToken(c, hosted);
  const style = await pageStyle(hosted, flow.request.client.id);
  const language = pageLanguage(c, hosted);
  const error =
    options.error === undefined
      ? undefined
      : { ...options.error, message: localize(language.t, options.error.message) };
  const formError = error !== undefined && error.field === undefined ? error.message : undefined;
  const page = (
    <Layout
      hosted={hosted}
      title={language.t[options.title]}
      lang={language.lang}
      style={style}
      {...(formError !== undefined && { error: formError })}
      {...(options.notice !== undefined && { notice: options.notice })}
    >
      {options.body(csrf.token, language.t, error)}
    </Layout>
  );
  const response = c.html(`<!doctype html>${await page.toString()}`, options.status ?? 200);
  if (csrf.setCookie !== undefined) response.headers.append("Set-Cookie", csrf.setCookie);
  if (language.setCookie !== undefined) response.headers.append("Set-Cookie", language.setCookie);
  // A body too large was left unread: the connection is not reused (the rest of it would be
  // dropped on a timer, cutting off whatever request came next on it).
  if (options.status === 413) response.headers.set("Connection", "close");
  return response;
}

/** The error and status of a form that could not be taken: too large, or without its CSRF token. */
export function formProblem(problem: "too-large" | "csrf"): [FieldError, 403 | 413] {
  return problem === "csrf" ? [{ message: CSRF_ERROR }, 403] : [{ message: en.formTooLarge }, 413];
}
