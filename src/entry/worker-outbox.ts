import type { OutboundMessage, Sender } from "../delivery/message.js";
import { awsJsonError } from "../protocol/errors.js";
import { verifySigV4 } from "../protocol/sigv4.js";
import type { D1DatabaseLike } from "../storage/d1.js";

/** Where a Worker in development lists the messages it sent: `GET`, SigV4-signed with the admin key for `iam`. */
export const OUTBOX_PATH = "/admin/outbox";

const TABLE = "cognate_development_outbox";
const KEPT = 1000;

/** The outbox of a Worker in development: a sender, and the endpoint that reads what it sent. */
export interface WorkerOutbox extends Sender {
  /** Answers `GET /admin/outbox`: the messages as JSON lines, oldest first, like `.cognate/outbox.jsonl`. */
  serve(
    request: Request,
    admin: { accessKeyId: string; secretAccessKey: string },
    region: string,
  ): Promise<Response>;
}

let inIsolate: OutboundMessage[] = [];

/**
 * The Worker's development sender, the counterpart of Node's `.cognate/outbox.jsonl`: each
 * message goes to the log (`wrangler dev`'s terminal) and to a D1 table (the last 1000 kept; in
 * the isolate without a `DB` binding), read back at {@link OUTBOX_PATH}. Never used in production,
 * where the route does not exist.
 */
export function workerOutbox(db: D1DatabaseLike | undefined): WorkerOutbox {
  let ready: Promise<unknown> | undefined;
  const table = () =>
    (ready ??= db!
      .prepare(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, message TEXT NOT NULL)`,
      )
      .run()
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      }));
  const list = async (): Promise<string[]> => {
    if (db === undefined) return inIsolate.map((message) => JSON.stringify(message));
    await table();
    const { results } = await db.prepare(`SELECT message FROM ${TABLE} ORDER BY id`).all();
    return (results ?? []).map((row) => String((row as { message: unknown }).message));
  };
  return {
    async send(message) {
      const what = message.code === undefined ? (message.subject ?? "a message") : `code ${message.code}`;
      console.log(
        `cognate (development): ${message.channel} to ${message.to} (${message.userPoolId}, ${message.username}): ${what}`,
      );
      if (db === undefined) {
        inIsolate = [...inIsolate.slice(-(KEPT - 1)), message];
        return;
      }
      await table();
      await db.batch([
        db.prepare(`INSERT INTO ${TABLE} (message) VALUES (?)`).bind(JSON.stringify(message)),
        db.prepare(`DELETE FROM ${TABLE} WHERE id <= (SELECT MAX(id) FROM ${TABLE}) - ?`).bind(KEPT),
      ]);
    },
    async serve(request, admin, region) {
      if (request.method !== "GET")
        return new Response(JSON.stringify({ message: "Method Not Allowed" }), {
          status: 405,
          headers: { allow: "GET", "content-type": "application/json" },
        });
      const verified = await verifySigV4(request, {
        lookup: (id) => (id === admin.accessKeyId ? admin : undefined),
        region,
        service: "iam",
      });
      if (!verified.ok) return awsJsonError(verified.error, verified.message, verified.status);
      const lines = await list();
      return new Response(lines.map((line) => `${line}\n`).join(""), {
        headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" },
      });
    },
  };
}
