/**
 * The Query protocol's requests: `Action=...&Version=...&Param=...`, form-encoded in a POST body
 * (or, for GET, in the query string), read within a size limit.
 */
import { readBodyLimited } from "../../util/body.js";

/** A request's parameters, each name once (a repeated name is refused: its meaning is not defined). */
export type QueryParams = ReadonlyMap<string, string>;

/** Why a request's parameters could not be read. */
export type FormProblem = "too-large" | "repeated" | "not-form";

const FORM = "application/x-www-form-urlencoded";

/** True when the request says its body is form-encoded (any case and parameters). */
export function isForm(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase() === FORM;
}

/**
 * The parameters of a POST's form body and its URL's query together, or the problem.
 *
 * @example
 * ```ts
 * const params = await readQueryParams(request, 64 * 1024);
 * if (typeof params === "string") return badRequest(params);
 * params.get("Action"); // "AssumeRoleWithWebIdentity"
 * ```
 */
export async function readQueryParams(
  request: Request,
  maxBytes: number,
): Promise<QueryParams | FormProblem> {
  const params = new Map<string, string>();
  const add = (pairs: URLSearchParams): boolean => {
    for (const [name, value] of pairs) {
      if (params.has(name)) return false;
      params.set(name, value);
    }
    return true;
  };
  if (!add(new URLSearchParams(new URL(request.url).search))) return "repeated";
  if (request.method === "POST") {
    if (!isForm(request)) return "not-form";
    const body = await readBodyLimited(request, maxBytes);
    if ("tooLarge" in body) return "too-large";
    if (!add(new URLSearchParams(new TextDecoder().decode(body)))) return "repeated";
  }
  return params;
}
