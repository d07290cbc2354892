/** Where a browser-less authorization ended: the callback URL and, for form_post, the posted fields. */
export interface Landing {
  url: URL;
  /** Fields of a `response_mode=form_post` page (Apple); absent for query responses. */
  form?: Record<string, string>;
}

/**
 * Walks an authorization like a browser without one: follows 302/303 redirects with a cookie jar
 * (`redirect: "manual"`) until one points under `callback`, or reads an auto-submitting form_post
 * page aimed there. Throws on any other answer.
 */
export async function walk(start: string | URL, callback: string, maxHops = 20): Promise<Landing> {
  const jar = new Map<string, string>();
  let url = new URL(start);
  for (let hop = 0; hop < maxHops; hop++) {
    if (url.href.startsWith(callback)) return { url };
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url);
      continue;
    }
    const body = await res.text();
    const form = formPost(body);
    if (res.status === 200 && form?.action.startsWith(callback))
      return { url: new URL(form.action), form: form.fields };
    throw new Error(`walk: ${res.status} at ${url.href}: ${body.slice(0, 300)}`);
  }
  throw new Error(`walk: more than ${maxHops} redirects`);
}

/** The first `<form method="post">` of a page: its action and hidden inputs (HTML entities decoded). */
export function formPost(html: string): { action: string; fields: Record<string, string> } | undefined {
  const form = /<form[^>]*method="post"[^>]*action="([^"]*)"/i.exec(html);
  if (!form) return undefined;
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input[^>]*name="([^"]*)"[^>]*value="([^"]*)"/gi))
    fields[m[1]!] = decodeEntities(m[2]!);
  return { action: decodeEntities(form[1]!), fields };
}

function decodeEntities(s: string): string {
  return s
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");
}
