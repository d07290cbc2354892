/**
 * What every account page (sign-up, confirmation, password reset) starts with: the authorization
 * request it is part of, validated as `/login` validates it (an unknown client or redirect URI
 * gets the error page, never a redirect), so that each page can send the user back into the flow
 * with the same query; and, for a POST, the form, read within a bound and its CSRF token checked.
 */
import type { Context } from "hono";
import { readBodyLimited } from "../../util/body.js";
import { authorizationRequest, type AuthorizationRequest } from "../authorize-request.js";
import { csrfValid } from "../csrf.js";
import type { Hosted } from "../hosted.js";
import { pageLanguage } from "../pages/messages/index.js";
import { DELIVERY_PARAMETERS, deliveryNotice } from "./delivery-notice.js";

/** The page parameters that are the page's own, not the authorization request's. */
const OWN_PARAMETERS = ["username", ...DELIVERY_PARAMETERS] as const;

/** A form is a few short fields; anything larger is refused unread. */
const MAX_FORM_BYTES = 16 * 1024;

/** The authorization request of an account page, and its own parameters. */
export interface AccountFlow {
  request: AuthorizationRequest;
  /** A page parameter: `username` (prefilled by links between the pages). */
  username: string;
  /** The notice of a code the previous page sent (`delivery`, `destination`), if any. */
  notice?: string;
}

/**
 * The page's authorization request (D's validation), or the response that refuses it.
 */
export async function accountFlow(c: Context, hosted: Hosted): Promise<AccountFlow | Response> {
  const query = new URL(c.req.url).searchParams;
  const username = (query.get("username") ?? "").slice(0, 128);
  const notice = deliveryNotice(query, pageLanguage(c, hosted).t);
  for (const name of OWN_PARAMETERS) query.delete(name);
  const request = await authorizationRequest(hosted, query);
  if (request instanceof Response) return request;
  return { request, username, ...(notice !== undefined && { notice }) };
}

/** `${base}${path}?${query}` (plus page parameters), a link between the pages. */
export function pageHref(
  hosted: Hosted,
  path: string,
  query: string,
  extra: Readonly<Record<string, string>> = {},
): string {
  const params = new URLSearchParams(query);
  for (const [name, value] of Object.entries(extra)) if (value !== "") params.set(name, value);
  const text = params.toString();
  return `${hosted.base}${path}${text === "" ? "" : `?${text}`}`;
}

/**
 * A POSTed `application/x-www-form-urlencoded` body within `limit` bytes (any other type reads
 * as no fields), or `"too-large"`. A body declared too large is left unread: cancelling it
 * would reset the connection before the answer is sent.
 */
export async function readPostedForm(c: Context, limit: number): Promise<URLSearchParams | "too-large"> {
  const declared = c.req.header("content-length");
  if (declared !== undefined && /^\d+$/.test(declared.trim()) && Number(declared) > limit) return "too-large";
  const body = await readBodyLimited(c.req.raw, limit);
  if ("tooLarge" in body) return "too-large";
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  return type.startsWith("application/x-www-form-urlencoded")
    ? new URLSearchParams(new TextDecoder().decode(body))
    : new URLSearchParams();
}

/** A POSTed form: its fields, or `"too-large"`, or `"csrf"` when its token is missing or wrong. */
export async function postedForm(
  c: Context,
  hosted: Hosted,
): Promise<URLSearchParams | "too-large" | "csrf"> {
  const form = await readPostedForm(c, MAX_FORM_BYTES);
  if (form === "too-large") return form;
  if (!(await csrfValid(c, hosted, form.get("_csrf")))) return "csrf";
  return form;
}

/** A form field, trimmed where a person may have typed a space around it (never a password). */
export function field(form: URLSearchParams, name: string, trim = true): string {
  const value = form.get(name) ?? "";
  return trim ? value.trim() : value;
}
