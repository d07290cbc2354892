// Calls to identity providers: the deadline (also against a server that never answers), the size
// bound, redirects not followed, Cognito's User-Agent, and the words each failure becomes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callFailure } from "./failure.js";
import { IDP_USER_AGENT, idpCall, IdpCallError } from "./idp-call.js";
import { idpUrl } from "./options.js";

let server: Server;
let origin: string;
let seenAgent: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    seenAgent = req.headers["user-agent"];
    if (req.url === "/hang") return; // never answers
    if (req.url === "/big") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ padding: "x".repeat(300_000) }));
      return;
    }
    if (req.url === "/redirect") {
      res.writeHead(302, { location: "/ok" });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ ok: true, method: req.method }));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

const options = { endpointOrigins: {}, allowLoopbackHttp: true, timeoutMs: 300, maxBytes: 64 * 1024 };

describe("idpCall", () => {
  it("reads JSON and sends Cognito's User-Agent", async () => {
    const answer = await idpCall(options, new URL(`${origin}/ok`), {
      method: "POST",
      body: new URLSearchParams({ a: "1" }),
    });
    expect(answer).toMatchObject({ status: 200, json: { ok: true, method: "POST" } });
    expect(seenAgent).toBe(IDP_USER_AGENT);
  });

  it("gives up at the deadline, refuses an oversized body, and does not follow a redirect", async () => {
    const hang = await idpCall(options, new URL(`${origin}/hang`)).catch((e: unknown) => e);
    expect(hang).toBeInstanceOf(IdpCallError);
    expect((hang as IdpCallError).kind).toBe("timeout");
    expect(callFailure("Corp", "token", hang)).toEqual({
      error: "invalid_request",
      description: "Timeout occurred in calling IdP token endpoint",
    });
    const big = await idpCall(options, new URL(`${origin}/big`)).catch((e: unknown) => e);
    expect((big as IdpCallError).kind).toBe("too_large");
    expect((await idpCall(options, new URL(`${origin}/redirect`))).status).toBe(302);
  });

  it("reports an unreachable IdP as a transport failure", async () => {
    const gone = await idpCall(options, new URL("http://127.0.0.1:1/x")).catch((e: unknown) => e);
    expect((gone as IdpCallError).kind).toBe("transport");
    expect(callFailure("Corp", "jwks", gone).description).toBe("Corp Error - Connection reset getting jwks");
  });
});

describe("idpUrl", () => {
  // Attack 6, finding 03: resolved as a reference, a path beginning `//` or `/\` replaced the host.
  it.each([
    ["https://accounts.google.com//169.254.169.254/latest/meta-data/", "//169.254.169.254/latest/meta-data/"],
    ["https://accounts.google.com//10.0.0.5:8080/admin?x=1", "//10.0.0.5:8080/admin"],
    ["https://accounts.google.com/\\10.0.0.5/a", "//10.0.0.5/a"],
    ["https://accounts.google.com//evil.example/steal", "//evil.example/steal"],
  ])("keeps a rewritten %s on the rewrite's own origin", (url, path) => {
    const options = {
      endpointOrigins: { "https://accounts.google.com": "http://127.0.0.1:4001" },
      allowLoopbackHttp: false,
    };
    const target = idpUrl(options, url);
    expect(target?.origin).toBe("http://127.0.0.1:4001");
    expect(target?.pathname).toBe(path);
  });

  it("takes https, maps origins, and allows http only on loopback when switched on", () => {
    expect(idpUrl(undefined, "https://idp.example/a?b=1#frag")?.href).toBe("https://idp.example/a?b=1");
    expect(idpUrl(undefined, "http://127.0.0.1:4000/x")).toBeNull();
    expect(idpUrl({ endpointOrigins: {}, allowLoopbackHttp: true }, "http://127.0.0.1:4000/x")?.href).toBe(
      "http://127.0.0.1:4000/x",
    );
    expect(idpUrl({ endpointOrigins: {}, allowLoopbackHttp: true }, "http://idp.example/x")).toBeNull();
    expect(idpUrl(undefined, "https://user:pw@idp.example/")).toBeNull();
    expect(idpUrl(undefined, "javascript:alert(1)")).toBeNull();
    // [doc] https on TCP 443 or 80 only, whatever discovery names.
    expect(idpUrl(undefined, "https://idp.example:443/t")?.href).toBe("https://idp.example/t");
    expect(idpUrl(undefined, "https://idp.example:80/t")?.href).toBe("https://idp.example:80/t");
    expect(idpUrl(undefined, "https://idp.example:8443/t")).toBeNull();
    expect(idpUrl(undefined, "https://127.0.0.1:8443/t")).toBeNull();
    expect(idpUrl({ endpointOrigins: {}, allowLoopbackHttp: true }, "https://127.0.0.1:8443/t")?.href).toBe(
      "https://127.0.0.1:8443/t",
    );
    // Literal non-public addresses: loopback only under allowLoopbackHttp, private ranges never.
    const on = { endpointOrigins: {}, allowLoopbackHttp: true };
    for (const url of [
      "https://0.0.0.0/x",
      "https://[::ffff:127.0.0.1]/x",
      "https://localhost./x",
      "https://a.localhost/x",
    ]) {
      expect(idpUrl(undefined, url)).toBeNull();
      expect(idpUrl(on, url)?.href).toBe(new URL(url).href);
    }
    for (const url of [
      "https://10.0.0.1/x",
      "https://169.254.169.254/x",
      "https://[fe80::1]/x",
      "https://3232235521/x",
    ])
      expect([idpUrl(undefined, url), idpUrl(on, url)]).toEqual([null, null]);
    expect(
      idpUrl(
        { endpointOrigins: { "https://graph.facebook.com": "http://127.0.0.1:9" }, allowLoopbackHttp: false },
        "https://graph.facebook.com/v21.0/me?fields=",
      )?.href,
    ).toBe("http://127.0.0.1:9/v21.0/me?fields=");
  });
});
