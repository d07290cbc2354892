import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local server speaking the Pwned Passwords range protocol on 127.0.0.1, hashing with Node's
 * own SHA-1 (not the client's WebCrypto). The first path segment picks a behaviour:
 * `/hibp` the protocol itself (`/lower` with lowercase suffixes), `/hang` never answers,
 * `/stall` sends its headers and a line then stops, `/busy` 503, `/html` a 200 login page,
 * `/big` a 2 MB answer streamed without a length, `/declared` a 512 KB answer with its length.
 */

export interface SeenRequest {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** Lines served, padding included. */
  served: number;
}

export interface RangeServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Known to the server `count` times; count 0 is served only as padding. */
  add(password: string, count: number): void;
  close(): Promise<void>;
}

const sha1 = (password: string) => createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
const PADDED_LINES = 800;

function filler(bytes: number): string {
  const line = `${"0".repeat(35)}:1\r\n`;
  return line.repeat(Math.ceil(bytes / line.length));
}

export async function startRangeServer(): Promise<RangeServer> {
  const known = new Map<string, number>();
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const seen: SeenRequest = { url: req.url ?? "", headers: req.headers, served: 0 };
    requests.push(seen);
    const route = /^\/(\w+)\/range\/([^/?]*)$/.exec(seen.url);
    const mode = route?.[1];
    const prefix = route?.[2] ?? "";
    if (mode === "hang") return;
    if (!/^[0-9A-Fa-f]{5}$/.test(prefix)) {
      res.writeHead(400, { "content-type": "text/plain" });
      return res.end("The hash prefix was not in a valid format");
    }
    if (mode === "busy") {
      res.writeHead(503, { "content-type": "text/plain" });
      return res.end("Service Unavailable");
    }
    if (mode === "html") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<!doctype html><title>Sign in to the Wi-Fi</title>");
    }
    if (mode === "stall") {
      res.writeHead(200, { "content-type": "text/plain" });
      return void res.write(filler(1));
    }
    if (mode === "big" || mode === "declared") {
      const body = filler(mode === "big" ? 2 * 1024 * 1024 : 512 * 1024);
      res.writeHead(200, mode === "declared" ? { "content-length": Buffer.byteLength(body) } : {});
      return res.end(body);
    }
    const wanted = prefix.toUpperCase();
    const padding = req.headers["add-padding"] === "true";
    const lines: string[] = [];
    for (const [hash, count] of known) {
      if (hash.startsWith(wanted) && (count > 0 || padding)) lines.push(`${hash.slice(5)}:${count}`);
    }
    while (padding && lines.length < PADDED_LINES)
      lines.push(`${randomBytes(18).toString("hex").slice(0, 35).toUpperCase()}:0`);
    lines.sort();
    seen.served = lines.length;
    res.writeHead(200, { "content-type": "text/plain" });
    res.end((mode === "lower" ? lines.map((line) => line.toLowerCase()) : lines).join("\r\n"));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    add: (password, count) => void known.set(sha1(password), count),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
