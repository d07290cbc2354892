// A browser over the wire for the hosted-UI suites: raw fetch with a cookie jar (per host and
// path, as a browser keeps them), redirects not followed, and the page's forms read from its
// HTML (action, fields with their values), so a test fills in and submits a form as a user does.
import { request as httpRequest } from "node:http";
import { expect } from "vitest";

/** A cookie as the jar keeps it, with the attributes the tests check. */
export interface JarCookie {
  name: string;
  value: string;
  path: string;
  attributes: string[];
}

/** One form of a page. */
export interface PageForm {
  action: string;
  fields: Record<string, string>;
  /** Every input's name, hidden ones included, in the page's order. */
  names: string[];
  html: string;
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&quot;": '"',
  "&lt;": "<",
  "&gt;": ">",
  "&#39;": "'",
  "&#x27;": "'",
};
export const unescapeHtml = (text: string) =>
  text.replace(/&(amp|quot|lt|gt|#39|#x27);/g, (e) => ENTITIES[e] ?? e);

/** The attributes of one tag. */
export function attributesOf(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)(?:="([^"]*)")?/g))
    out[m[1]!.toLowerCase()] = unescapeHtml(m[2] ?? "");
  return out;
}

/** The page's forms. */
export function formsOf(html: string): PageForm[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((m) => {
    const action = attributesOf(m[1]!).action ?? "";
    const fields: Record<string, string> = {};
    const names: string[] = [];
    for (const input of m[2]!.matchAll(/<input\b([^>]*)\/?>/g)) {
      const a = attributesOf(input[1]!);
      if (a.name === undefined) continue;
      names.push(a.name);
      if (a.type === "radio" && !("checked" in a)) continue;
      fields[a.name] = a.value ?? "";
    }
    return { action, fields, names, html: m[0] };
  });
}

/** The one form of a page. */
export function formOf(html: string): PageForm {
  const forms = formsOf(html);
  expect(forms).toHaveLength(1);
  return forms[0]!;
}

/** A browser: a cookie jar, and requests that never follow redirects. */
export class Browser {
  readonly jar = new Map<string, JarCookie>();
  /**
   * `headers`: what every request carries (X-Forwarded-Proto through a trusted proxy, say);
   * `host`: the Host header to send (a pool's domain), which fetch does not let a caller set.
   */
  constructor(
    readonly headers: Record<string, string> = {},
    readonly host?: string,
  ) {}

  private cookieHeader(url: URL): string {
    return [...this.jar.values()]
      .filter(
        (c) =>
          url.pathname === c.path || url.pathname.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join("; ");
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...rest] = line.split(";").map((p) => p.trim());
      const [name, ...value] = pair!.split("=");
      const attributes = rest;
      const path = rest.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      const gone = rest.some((a) => /^max-age=0$/i.test(a));
      if (gone) this.jar.delete(name!);
      else this.jar.set(name!, { name: name!, value: value.join("="), path, attributes });
    }
  }

  /** A request with the jar's cookies; what it sets is kept. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = this.cookieHeader(new URL(url));
    const headers = {
      ...this.headers,
      ...(cookie === "" ? {} : { cookie }),
      ...(init.headers as Record<string, string>),
    };
    const response =
      this.host === undefined
        ? await fetch(url, { ...init, redirect: "manual", headers })
        : await withHost(url, this.host, init.method ?? "GET", headers, init.body as string | undefined);
    this.keep(response);
    return response;
  }

  /** GET a page: its status and HTML. */
  async get(url: string): Promise<{ response: Response; html: string }> {
    const response = await this.fetch(url);
    return { response, html: await response.text() };
  }

  /** Submits `form` (its action resolved against `origin`) with `values` over its fields. */
  async submit(
    origin: string,
    form: PageForm,
    values: Record<string, string> = {},
  ): Promise<{ response: Response; html: string }> {
    const body = new URLSearchParams({ ...form.fields, ...values });
    const response = await this.fetch(new URL(form.action, origin).toString(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    return { response, html: await response.text() };
  }
}

// A request with its own Host header, over node:http (fetch always sends the URL's host).
function withHost(
  url: string,
  host: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers: { ...headers, host } }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        const out = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          for (const one of Array.isArray(value) ? value : [value ?? ""]) out.append(name, one);
        }
        const status = incoming.statusCode ?? 500;
        const content = Buffer.concat(chunks);
        resolve(new Response(status === 204 || status === 304 ? null : content, { status, headers: out }));
      });
    });
    request.on("error", reject);
    request.end(body);
  });
}
