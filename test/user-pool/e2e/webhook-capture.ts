// A loopback HTTP server in the test process that cognate's webhook sender posts its messages
// to (src/delivery/webhook.ts): it checks the X-Cognate-Signature HMAC and its timestamp as a real
// receiver must, refuses a message id it has already accepted (a replay inside the window), keeps
// the messages it accepts, and refuses (401) the ones it does not.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { OutboundMessage } from "../../../src/delivery/message.js";

/** How far a signature's timestamp may be from now. */
const TOLERANCE_S = 300;

export interface Capture {
  url: string;
  messages: OutboundMessage[];
  /** The requests accepted, as received: a replay test sends one again. */
  accepted: { body: string; signature: string; id: string }[];
  /** Requests refused, with why: a correct sender never causes one. */
  refused: string[];
  close: () => Promise<void>;
}

function signatureProblem(secret: string, header: string | undefined, body: string): string | undefined {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (match === null) return `malformed signature header ${JSON.stringify(header)}`;
  const [, t, v1] = match;
  if (Math.abs(Date.now() / 1000 - Number(t)) > TOLERANCE_S) return `stale timestamp ${t}`;
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(v1!, "hex"))) return "signature mismatch";
  return undefined;
}

/** Starts the capture server on 127.0.0.1 with an ephemeral port. */
export async function startCapture(secret: string): Promise<Capture> {
  const messages: OutboundMessage[] = [];
  const refused: string[] = [];
  const seen = new Set<string>();
  const accepted: Capture["accepted"] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = req.headers["x-cognate-signature"];
      const problem =
        req.method !== "POST"
          ? `method ${req.method}`
          : signatureProblem(secret, Array.isArray(header) ? header[0] : header, body);
      if (problem !== undefined) {
        refused.push(problem);
        res.writeHead(401).end();
        return;
      }
      const { id, ...message } = JSON.parse(body) as OutboundMessage & { id?: unknown };
      const idHeader = req.headers["x-cognate-message-id"];
      if (typeof id !== "string" || seen.has(id) || idHeader !== id) {
        refused.push(
          typeof id === "string" && seen.has(id)
            ? `replayed message ${id}`
            : "missing or mismatched message id",
        );
        res.writeHead(409).end();
        return;
      }
      // A real receiver forgets ids older than its timestamp tolerance; the test's run is shorter.
      seen.add(id);
      accepted.push({ body, signature: String(header), id });
      messages.push(message);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/messages`,
    messages,
    accepted,
    refused,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
