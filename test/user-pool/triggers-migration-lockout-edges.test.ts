// The edges of the migration count's lock under PreventUserExistenceErrors: a held user's
// failures are stamped at the instant its name's migration attempt was taken, so its own lock and
// its 15-minute reset end when the name's do, not a password hash later; a request landing in such a
// gap would answer "Password attempts exceeded" for a held name and "Incorrect username or
// password." for one nobody holds. The clock is the real one (the hash takes its real time), moved
// on demand; each case is tried on 8 names of each kind, since a request may miss a 1 ms gap.
import { describe, expect, it } from "vitest";
import { legacyNameKey } from "../../src/user-pool/codes/migration-attempts.js";
import { USER_MIGRATION } from "../../src/user-pool/codes/purposes.js";
import type { LambdaHandler } from "../../src/user-pool/triggers/index.js";
import { arn, hidingClient, type Json, knownUser, triggerService } from "./triggers-harness.js";

const INCORRECT = "NotAuthorizedException: Incorrect username or password.";
const outcome = (p: Promise<Json>): Promise<string> =>
  p.then(
    (r: Json) => (r.AuthenticationResult ? "tokens" : `challenge ${r.ChallengeName}`),
    (e: Error) => `${e.name}: ${e.message}`,
  );
// AWS's advice for pools that hide users: no attributes for a name the legacy store refuses.
const quietMigration: LambdaHandler = async (event) => event;
async function pool() {
  const start = performance.now();
  let shift = Date.parse("2025-01-01T00:00:00Z");
  const now = () => shift + (performance.now() - start);
  const env = await triggerService({
    handlers: { migrate: quietMigration },
    pool: { LambdaConfig: { UserMigration: arn("migrate") } },
    now,
  });
  const clientId = await hidingClient(env);
  const user = (Username: string) => knownUser(env, Username);
  const signIn = (USERNAME: string, i: number) =>
    outcome(
      env.call("InitiateAuth", {
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME, PASSWORD: `wrong-${i}-Aa1!` },
      }),
    );
  const key = async (name: string) =>
    (await (await env.ctx.store()).codeLimits.get(env.poolId, legacyNameKey(name), USER_MIGRATION))!;
  // Moves the clock so that it reads `at` now (the attacker's request arriving then).
  const setNow = (at: number) => void (shift += at - now());
  return { signIn, key, setNow, user };
}

const ROUNDS = 8;

async function run(failures: number, at: (key: { lockedUntil: number; attemptWindowAt: number }) => number) {
  const { signIn, key, setNow, user } = await pool();
  const answers = { held: new Set<string>(), unknown: new Set<string>() };
  for (let r = 0; r < ROUNDS; r++)
    for (const [kind, name] of [
      ["held", `carol${r}`],
      ["unknown", `dave${r}`],
    ] as const) {
      if (kind === "held") await user(name);
      for (let i = 0; i < failures; i++) await signIn(name, i);
      setNow(at(await key(name)));
      const seen: string[] = [];
      for (let i = failures; i < 6; i++) seen.push(await signIn(name, i));
      answers[kind].add(seen.join(" / "));
    }
  return answers;
}

describe("UserMigration's count and a held user's lock end together, hiding users", () => {
  it("the first request once the name's lock has run out (1 s after the 5th failure): alike", async () => {
    const { held, unknown } = await run(5, (k) => k.lockedUntil);
    expect([...unknown]).toEqual([INCORRECT]);
    expect([...held]).toEqual([INCORRECT]);
  });

  it("the first requests once 15 minutes have passed since the 4th failure: alike", async () => {
    const { held, unknown } = await run(4, (k) => k.attemptWindowAt + 15 * 60 * 1000);
    expect([...unknown]).toEqual([`${INCORRECT} / ${INCORRECT}`]);
    expect([...held]).toEqual([`${INCORRECT} / ${INCORRECT}`]);
  });
});
