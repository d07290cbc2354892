import { connect } from "node:net";

/** One HTTP/1.1 response as read off the socket. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `head` (the request line and header lines, without the blank line) over a plain TCP
 * connection to `url`'s host and port, exactly as written, and reads the whole response; the
 * request asks for `Connection: close` so that the end of the response is the end of the stream.
 * For what `fetch` cannot send: an absolute-form request line (`GET https://host/path HTTP/1.1`).
 */
export async function rawRequest(url: string, head: string[], body = ""): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  await new Promise<void>((ok, fail) => {
    socket.on("connect", () => socket.write(`${[...head, "Connection: close"].join("\r\n")}\r\n\r\n${body}`));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", ok);
    socket.on("error", fail);
  });
  socket.destroy();
  const text = Buffer.concat(chunks).toString("latin1");
  const split = text.indexOf("\r\n\r\n");
  const [statusLine = "", ...lines] = text.slice(0, split).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let rest = text.slice(split + 4);
  if (headers["transfer-encoding"] === "chunked") {
    let out = "";
    for (;;) {
      const eol = rest.indexOf("\r\n");
      const size = parseInt(rest.slice(0, eol), 16);
      if (!(size > 0)) break;
      out += rest.slice(eol + 2, eol + 2 + size);
      rest = rest.slice(eol + 2 + size + 2);
    }
    rest = out;
  }
  return {
    status: Number(statusLine.split(" ")[1]),
    headers,
    body: Buffer.from(rest, "latin1").toString("utf8"),
  };
}
