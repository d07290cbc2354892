/**
 * The frame of every hosted-UI page, server-rendered with hono/jsx and without any script:
 *
 * - accessible: `<html lang>`, one `<h1>` (the page's title), a label for every input, errors
 *   tied to their field (`aria-describedby`, `aria-invalid`) and a page error read out at once
 *   (`role="alert"`), the document's order as the focus order, the first field in error (or the
 *   first field) `autofocus`ed;
 * - mobile-friendly: the viewport meta and a fluid card (cognate.css);
 * - under the CSP of security-headers.ts: no inline style or script; the default stylesheet is
 *   `${base}/assets/cognate.css`, and a client's own styles (F2: UI customization, managed-login
 *   branding) come as one more stylesheet URL and a logo URL through {@link PageStyle}.
 */
import type { Child } from "hono/jsx";
import type { Hosted } from "../hosted.js";
import { CSRF_FIELD } from "../csrf.js";
import { localize, messagesFor } from "./messages/index.js";

/** A client's styles for the page (the account pages fill it from the client's branding). */
export interface PageStyle {
  /** A stylesheet URL on the same origin, linked after the default one (e.g. `${base}/assets/style.css?client_id=...`). */
  stylesheet?: string;
  /** The logo: a same-origin or `data:` URL, and its text alternative. */
  logo?: { src: string; alt: string };
}

/** What a page gives the layout. */
export interface LayoutProps {
  hosted: Hosted;
  /** The page's title: the `<title>` and its one `<h1>`. */
  title: string;
  /** The document's language (messages/index.ts `pageLanguage`: the request's `lang`, its cookie, else `en`). */
  lang?: string;
  style?: PageStyle;
  /** An error about the whole form (wrong credentials, an expired page), read out at once; shown in `lang` when the catalogue knows its English words. */
  error?: string;
  /** A notice that is no error (a code was sent). */
  notice?: string;
  children?: Child;
}

/** The default stylesheet's path under the page's base. */
export const STYLESHEET_PATH = "/assets/cognate.css";

/** A language tag safe to put in `lang` (BCP 47's shape), else `en`. */
const safeLang = (lang: string | undefined) =>
  lang !== undefined && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/.test(lang) ? lang : "en";

/** The page. */
export function Layout(props: LayoutProps) {
  const { hosted, title, style, children } = props;
  const t = messagesFor(props.lang);
  const error = props.error === undefined ? undefined : localize(t, props.error);
  const notice = props.notice === undefined ? undefined : localize(t, props.notice);
  return (
    <html lang={safeLang(props.lang)}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{title}</title>
        <link rel="stylesheet" href={`${hosted.base}${STYLESHEET_PATH}`} />
        {style?.stylesheet !== undefined && <link rel="stylesheet" href={style.stylesheet} />}
      </head>
      <body>
        <main class="cognate-card">
          {style?.logo !== undefined && (
            <img class="cognate-logo" src={style.logo.src} alt={style.logo.alt} />
          )}
          <h1>{title}</h1>
          {error !== undefined && (
            <p class="cognate-error" role="alert" id="form-error">
              {error}
            </p>
          )}
          {notice !== undefined && (
            <p class="cognate-notice" role="status">
              {notice}
            </p>
          )}
          {children}
        </main>
      </body>
    </html>
  );
}

/** A form that POSTs to `action` (the page's own path and query) with the CSRF token. */
export function PageForm(props: { action: string; csrf: string; name?: string; children?: Child }) {
  return (
    <form method="post" action={props.action} name={props.name} class="cognate-form" novalidate>
      <input type="hidden" name={CSRF_FIELD} value={props.csrf} />
      {props.children}
    </form>
  );
}

/** A hidden field (the challenge's Session, say). */
export function Hidden(props: { name: string; value: string }) {
  return <input type="hidden" name={props.name} value={props.value} />;
}

/** One labelled input, its error tied to it. */
export interface FieldProps {
  id: string;
  name: string;
  label: string;
  type?: "text" | "password" | "email" | "tel" | "number";
  value?: string;
  autocomplete?: string;
  inputmode?: "numeric" | "text" | "email" | "tel";
  required?: boolean;
  autofocus?: boolean;
  /** This field's error: shown under it, named by `aria-describedby`, with `aria-invalid`. */
  error?: string;
  /** A hint under the label, also named by `aria-describedby`. */
  hint?: string;
  pattern?: string;
  maxlength?: number;
}

/** A labelled input. */
export function Field(props: FieldProps) {
  const described = [
    props.hint !== undefined ? `${props.id}-hint` : undefined,
    props.error !== undefined ? `${props.id}-error` : undefined,
  ].filter((id) => id !== undefined);
  return (
    <div class={props.error === undefined ? "cognate-field" : "cognate-field cognate-invalid"}>
      <label for={props.id}>{props.label}</label>
      {props.hint !== undefined && (
        <p class="cognate-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        pattern={props.pattern}
        maxlength={props.maxlength}
        required={props.required ?? true}
        autofocus={props.autofocus}
        aria-invalid={props.error !== undefined ? "true" : undefined}
        aria-describedby={described.length > 0 ? described.join(" ") : undefined}
      />
      {props.error !== undefined && (
        <p class="cognate-field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The form's submit button. */
export function Submit(props: { label: string; name?: string; value?: string }) {
  return (
    <button type="submit" class="cognate-submit" name={props.name} value={props.value}>
      {props.label}
    </button>
  );
}

/** A plain link under a form (to sign-up, forgot password, ...). */
export function PageLink(props: { href: string; children?: Child }) {
  return (
    <p class="cognate-link">
      <a href={props.href}>{props.children}</a>
    </p>
  );
}

/**
 * A page as a Response: the doctype, the rendered element, `text/html`, the status, and the
 * `Set-Cookie` values given (the CSRF cookie, a session's).
 *
 * @example
 * ```ts
 * return renderPage(<Layout hosted={hosted} title="Sign in">...</Layout>, 200, [csrf.setCookie]);
 * ```
 */
export async function renderPage(
  page: unknown,
  status = 200,
  cookies: readonly (string | undefined)[] = [],
): Promise<Response> {
  // A JSX node renders to a string, or to a promise of one when a component is async.
  const html = await (page as { toString(): string | Promise<string> }).toString();
  const body = `<!DOCTYPE html>${html}`;
  const headers = new Headers({ "Content-Type": "text/html; charset=utf-8" });
  for (const cookie of cookies) if (cookie !== undefined) headers.append("Set-Cookie", cookie);
  return new Response(body, { status, headers });
}
