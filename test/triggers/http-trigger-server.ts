/**
 * A loopback server that serves handler modules over cognate's HTTP mode with `serveTrigger`, as
 * a team would deploy an unchanged Lambda handler behind a URL.
 *
 * ```ts
 * const server = await start({ functions: { "pre-sign-up": "/abs/pre-sign-up.cjs" }, secret });
 * // the function's URL: `${server.url}/pre-sign-up`; configuration: { url, secret }
 * server.calls; // the function names requested, in order
 * await server.close();
 * ```
 */
import { serveTrigger } from "../../src/user-pool/triggers/index.js";
import { handlersOf, loopback } from "./serve.js";

/** A fixed 32+ character secret the tests sign with (`start`'s default). */
export const TEST_TRIGGER_SECRET = "test-trigger-secret-0123456789abcdef";

export async function start(options: { functions: Record<string, string>; secret?: string }): Promise<{
  url: string;
  urlOf: (name: string) => string;
  secret: string;
  calls: string[];
  close: () => Promise<void>;
}> {
  const secret = options.secret ?? TEST_TRIGGER_SECRET;
  const served = new Map(
    [...(await handlersOf(options.functions))].map(([name, handler]) => [
      name,
      serveTrigger(handler, { secret }),
    ]),
  );
  const calls: string[] = [];
  const server = await loopback((request) => {
    const name = decodeURIComponent(new URL(request.url).pathname.slice(1));
    calls.push(name);
    return served.get(name)?.(request) ?? Response.json({ message: "no such function" }, { status: 404 });
  });
  return { ...server, urlOf: (name) => `${server.url}/${encodeURIComponent(name)}`, secret, calls };
}
