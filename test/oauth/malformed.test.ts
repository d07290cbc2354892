// The malformed-request sweep: every endpoint of the hosted UI's table (src/oauth/endpoints.ts:
// whatever exists when this runs) gets wrong methods, wrong content types, oversized bodies,
// invalid UTF-8 and percent-encoding, repeated, missing, empty and absurdly long parameters, and
// CR/LF aimed at response headers. Each is answered with the protocol's own error (OAuth error
// JSON, an RFC 6750 challenge, the error page or a form), never a 5xx, never a hang.
import type { CreateUserPoolClientCommandInput } from "@aws-sdk/client-cognito-identity-provider";
import { connect } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS } from "../../src/oauth/endpoints.js";
import { appClient } from "./harness.js";
import { poolWithDomain, suiteServer } from "./server.js";

const server = suiteServer();
let base: string;
let clientId: string;
let secretClientId: string;
let secret: string;

beforeAll(async () => {
  const pool = await poolWithDomain(server);
  base = pool.base;
  const settings: Partial<CreateUserPoolClientCommandInput> = {
    AllowedOAuthFlows: ["code"],
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthScopes: ["openid", "email"],
    CallbackURLs: ["https://app.example.com/callback"],
    LogoutURLs: ["https://app.example.com/signed-out"],
    SupportedIdentityProviders: ["COGNITO"],
  };
  clientId = (await appClient(server, pool.poolId, settings)).ClientId!;
  const confidential = await appClient(server, pool.poolId, { ...settings, GenerateSecret: true });
  secretClientId = confidential.ClientId!;
  secret = confidential.ClientSecret!;
});

/** What kind of answer an endpoint owes a bad request. */
type Kind = "oauth-json" | "bearer" | "page" | "asset";
const kindOf = (path: string): Kind =>
  path.startsWith("/assets/") || path === "/saml2/metadata"
    ? "asset" // a stylesheet, an image or the SP metadata, of its own content type
    : path === "/oauth2/userInfo"
      ? "bearer"
      : path === "/oauth2/token" || path === "/oauth2/revoke"
        ? "oauth-json"
        : "page";

/** A plausible valid-looking query for each endpoint, into which the cases put their faults. */
const goodQuery = () =>
  new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: "https://app.example.com/callback",
    scope: "openid",
    state: "s1",
    logout_uri: "https://app.example.com/signed-out",
  });

interface Case {
  name: string;
  method?: string;
  query?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** A header line sent as raw bytes (fetch refuses control characters). */
  raw?: string;
  /** With `raw`: a body of `chunks` pieces of `size` bytes, chunked or with its Content-Length. */
  rawBody?: { chunks: number; size: number; chunked: boolean };
}

const KB = 1024;
const basic = (id: string, password: string) =>
  `Basic ${Buffer.from(`${id}:${password}`).toString("base64")}`;
const form = { "content-type": "application/x-www-form-urlencoded" };

function cases(): Case[] {
  const q = goodQuery().toString();
  return [
    { name: "PUT", method: "PUT", body: "a=b", headers: form },
    { name: "DELETE", method: "DELETE" },
    { name: "PATCH", method: "PATCH", body: "a=b", headers: form },
    {
      name: "POST text/plain",
      method: "POST",
      body: "grant_type=client_credentials",
      headers: { "content-type": "text/plain" },
    },
    {
      name: "POST JSON",
      method: "POST",
      body: '{"grant_type":"client_credentials"}',
      headers: { "content-type": "application/json" },
    },
    {
      name: "POST multipart",
      method: "POST",
      body: (() => {
        const f = new FormData();
        f.set("token", "x");
        return f;
      })(),
    },
    { name: "POST without content type", method: "POST", body: new Uint8Array([0x61, 0x3d, 0x62]) },
    // A server may answer a body over its bound before reading it all, and close: fetch then
    // reports the closed socket, not the answer, so these two go as raw bytes.
    {
      name: "POST 1 MB form (declared length)",
      method: "POST",
      raw: "Content-Type: application/x-www-form-urlencoded",
      rawBody: { chunks: 64, size: 16 * KB, chunked: false },
    },
    {
      name: "POST streamed 256 KB form (chunked, no length)",
      method: "POST",
      raw: "Content-Type: application/x-www-form-urlencoded",
      rawBody: { chunks: 16, size: 16 * KB, chunked: true },
    },
    {
      name: "POST invalid UTF-8 bytes",
      method: "POST",
      body: new Uint8Array([0x74, 0x6f, 0x6b, 0x65, 0x6e, 0x3d, 0xff, 0xfe, 0xc3]),
      headers: form,
    },
    {
      name: "POST invalid percent-encoding",
      method: "POST",
      body: "token=%zz%&grant_type=%E0%A4",
      headers: form,
    },
    {
      name: "POST percent-encoded invalid UTF-8",
      method: "POST",
      body: "token=%ff%fe&client_id=%c3",
      headers: form,
    },
    {
      name: "POST repeated parameters",
      method: "POST",
      body: `grant_type=client_credentials&grant_type=authorization_code&token=a&token=b&client_id=${clientId}&client_id=other`,
      headers: form,
    },
    { name: "POST missing parameters", method: "POST", body: "", headers: form },
    {
      name: "POST empty parameters",
      method: "POST",
      body: "grant_type=&token=&client_id=&code=&redirect_uri=&refresh_token=",
      headers: form,
    },
    {
      name: "POST absurdly long value within the bound",
      method: "POST",
      body: `grant_type=${"g".repeat(12 * KB)}&client_id=${"c".repeat(2 * KB)}`,
      headers: form,
    },
    {
      name: "POST garbage Basic credentials",
      method: "POST",
      body: "grant_type=client_credentials",
      headers: { ...form, authorization: "Basic !!!not-base64" },
    },
    {
      name: "POST Basic without a colon",
      method: "POST",
      body: "grant_type=client_credentials",
      headers: { ...form, authorization: `Basic ${Buffer.from("nocolon").toString("base64")}` },
    },
    {
      name: "POST Basic with a wrong secret",
      method: "POST",
      body: "grant_type=client_credentials&token=x",
      headers: { ...form, authorization: basic(secretClientId, `${secret}x`) },
    },
    {
      name: "POST Basic of an unknown client",
      method: "POST",
      body: "grant_type=client_credentials&token=x",
      headers: { ...form, authorization: basic("nobody00000000000000000000", "s") },
    },
    { name: "GET without parameters" },
    { name: "GET empty parameters", query: "response_type=&client_id=&redirect_uri=&state=&scope=" },
    { name: "GET repeated parameters", query: `${q}&client_id=other&redirect_uri=https://evil.example.com/` },
    { name: "GET invalid percent-encoding", query: `${q}&state=%zz%E0%A4%` },
    { name: "GET percent-encoded invalid UTF-8", query: `client_id=%ff%fe&redirect_uri=%c3%28&state=%80` },
    {
      name: "GET absurdly long value",
      query: `${q}&login_hint=${"l".repeat(6 * KB)}&nonce=${"n".repeat(4 * KB)}`,
    },
    {
      name: "GET CR/LF in state",
      query: `${q.replace("state=s1", "state=s1%0D%0ASet-Cookie%3A%20injected%3D1")}`,
    },
    {
      name: "GET CR/LF in redirect_uri",
      query: goodQuery()
        .toString()
        .replace(
          /redirect_uri=[^&]*/,
          "redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback%0D%0ASet-Cookie%3A%20injected%3D1",
        ),
    },
    {
      name: "GET CR/LF in logout_uri",
      query: goodQuery()
        .toString()
        .replace(
          /logout_uri=[^&]*/,
          "logout_uri=https%3A%2F%2Fapp.example.com%2Fsigned-out%0D%0ALocation%3A%20https%3A%2F%2Fevil.example.com",
        ),
    },
    { name: "GET control characters in the bearer (raw)", raw: "Authorization: Bearer \u0001\u0002abc" },
    { name: "GET bare CR in a header (raw)", raw: "Authorization: Bearer abc\rSet-Cookie: injected=1" },
    { name: "GET header line without a colon (raw)", raw: "Authorization Bearer abc" },
    { name: "GET very long bearer", headers: { authorization: `Bearer ${"a".repeat(12 * KB)}` } },
    { name: "GET bearer of three garbage parts", headers: { authorization: "Bearer aaa.bbb.ccc" } },
  ];
}

/** One request written byte for byte on a socket; its answer as a Response (status and headers). */
function sendRaw(url: URL, c: Case): Promise<Response> {
  const headerLine = c.raw!;
  const body = c.rawBody;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("no answer in 10 s")));
    socket.on("data", (chunk) => chunks.push(chunk));
    // A server that answers before the body is all sent may close first: the answer still counts.
    socket.on("error", (error) => (chunks.length === 0 ? reject(error) : undefined));
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...lines] = head.split("\r\n");
      const headers = new Headers();
      for (const line of lines) {
        const at = line.indexOf(":");
        if (at > 0) headers.append(line.slice(0, at), line.slice(at + 1).trim());
      }
      const status = Number(statusLine.split(" ")[1]);
      if (!(status >= 200)) return reject(new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 80))}`));
      const body = rest.join("\r\n\r\n");
      resolve(
        new Response(status === 204 || status === 304 || body === "" ? null : body, { status, headers }),
      );
    });
    const framing =
      body === undefined
        ? ""
        : body.chunked
          ? "Transfer-Encoding: chunked\r\n"
          : `Content-Length: ${body.chunks * body.size}\r\n`;
    const head = `${c.method ?? "GET"} ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\n`;
    socket.write(Buffer.from(`${head}${headerLine}\r\n${framing}Connection: close\r\n\r\n`, "latin1"));
    if (body !== undefined) {
      const piece = Buffer.from(`a=${"B".repeat(body.size - 3)}&`, "latin1");
      const size = Buffer.from(`${piece.length.toString(16)}\r\n`);
      for (let i = 0; i < body.chunks && !socket.destroyed; i++)
        socket.write(body.chunked ? Buffer.concat([size, piece, Buffer.from("\r\n")]) : piece);
      if (body.chunked && !socket.destroyed) socket.write("0\r\n\r\n");
    }
  });
}

async function send(path: string, c: Case): Promise<Response> {
  const url = `${base}${path}${c.query === undefined ? "" : `?${c.query}`}`;
  if (c.raw !== undefined) return sendRaw(new URL(url), c);
  const headers = { ...c.headers };
  return fetch(url, {
    method: c.method ?? "GET",
    headers,
    body: c.body,
    redirect: "manual",
    signal: AbortSignal.timeout(10_000),
    ...(c.body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

function expectProtocolAnswer(kind: Kind, response: Response, text: string, c: Case): void {
  const label = `${c.name}: ${response.status} ${text.slice(0, 200)}`;
  expect(response.status, label).toBeLessThan(500);
  expect(response.status, label).toBeGreaterThanOrEqual(200);
  // Nothing of the request ends up as a header of its own.
  expect(response.headers.get("set-cookie") ?? "", label).not.toMatch(/injected/);
  const location = response.headers.get("location") ?? "";
  expect(location, label).not.toMatch(/[\r\n]/);
  expect(location, label).not.toMatch(/^https:\/\/evil\.example\.com/);
  if (response.status === 404 || response.status === 405) return; // a method the endpoint has not
  // A request the HTTP server's parser refuses never reaches an endpoint: Node answers a bare 400.
  if (c.raw !== undefined && response.status === 400 && !response.headers.has("content-type")) return;
  if (response.status >= 300 && response.status < 400) {
    expect(kind, label).toBe("page");
    expect(location, label).not.toBe("");
    return;
  }
  if (kind === "oauth-json") {
    expect(response.headers.get("content-type") ?? "", label).toMatch(/^application\/json/);
    expect(JSON.parse(text), label).toMatchObject({ error: expect.stringMatching(/^[a-z_]+$/) });
  } else if (kind === "bearer") {
    expect(response.headers.get("www-authenticate") ?? "", label).toMatch(/^Bearer( |$)/);
  } else if (kind === "page") {
    expect(response.headers.get("content-type") ?? "", label).toMatch(/^text\/html/);
  }
}

describe("malformed requests to every OAuth endpoint", () => {
  it("the table is not empty", () => {
    expect(ENDPOINTS.length).toBeGreaterThan(0);
  });

  for (const { path, methods } of ENDPOINTS) {
    it(`${path} (${methods.join(", ")}): protocol errors, never a 5xx or a hang`, async () => {
      const kind = kindOf(path);
      for (const c of cases()) {
        const response = await send(path, c);
        const text = await response.text();
        expectProtocolAnswer(kind, response, text, c);
      }
    });
  }
});
