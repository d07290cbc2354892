/**
 * Every call cognate makes to an identity provider (token exchange, JWKS, discovery, userinfo,
 * profile APIs): a deadline that holds even when the fetch ignores its abort signal, a bound on
 * the body, no redirects followed, and Cognito's `User-Agent`. Failures are {@link IdpCallError}s
 * whose `kind` decides the words the app is sent (federation.md §4.3). Nothing here logs a body.
 */
import { readBodyLimited } from "../../util/body.js";
import { type FederationOptions, IDP_MAX_BYTES, IDP_TIMEOUT_MS } from "./options.js";

/** Why a call to an IdP failed. */
export type IdpCallFailure = "timeout" | "transport" | "too_large";

/** A call to an IdP that did not produce a response body cognate could read. */
export class IdpCallError extends Error {
  override readonly name = "IdpCallError";
  constructor(
    readonly kind: IdpCallFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An IdP's answer: its status, and its body as text (and as JSON when it is JSON). */
export interface IdpAnswer {
  status: number;
  text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  json: unknown;
}

/** [?] Cognito's calls to IdPs were documented (2023) as sending `User-Agent: Amazon/Cognito`. */
export const IDP_USER_AGENT = "Amazon/Cognito";

/**
 * Calls an IdP endpoint (a URL {@link idpUrl} allowed) and reads its answer within the time and
 * size bounds of `options`.
 *
 * @throws {IdpCallError} on a timeout, a transport failure or an oversized body (any status is an answer)
 * @example
 * ```ts
 * const answer = await idpCall(options, tokenUrl, { method: "POST", body: form });
 * if (answer.status !== 200) ...
 * ```
 */
export async function idpCall(
  options: FederationOptions | undefined,
  url: URL,
  init: { method?: "GET" | "POST"; headers?: Record<string, string>; body?: URLSearchParams } = {},
): Promise<IdpAnswer> {
  const timeoutMs = options?.timeoutMs ?? IDP_TIMEOUT_MS;
  const maxBytes = options?.maxBytes ?? IDP_MAX_BYTES;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new IdpCallError("timeout", `${url.origin}${url.pathname} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  const exchange = async (): Promise<IdpAnswer> => {
    const response = await fetch(url, {
      method: init.method ?? "GET",
      headers: {
        accept: "application/json",
        "user-agent": IDP_USER_AGENT,
        ...(init.body === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
        ...init.headers,
      },
      ...(init.body === undefined ? {} : { body: init.body.toString() }),
      // Not "error": workerd supports only "follow" and "manual". A 3xx is an answer like any other.
      redirect: "manual",
      signal: controller.signal,
    });
    const body = await readBodyLimited(response, maxBytes);
    if ("tooLarge" in body)
      throw new IdpCallError(
        "too_large",
        `${url.origin}${url.pathname} answered more than ${maxBytes} bytes`,
      );
    const text = new TextDecoder().decode(body);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, json };
  };
  try {
    return await Promise.race([exchange(), deadline]);
  } catch (error) {
    if (error instanceof IdpCallError) throw error;
    throw new IdpCallError("transport", `${url.origin}${url.pathname} could not be reached`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}
