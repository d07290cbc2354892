// UserMigration_Authentication under the lockout: a name no user holds sends the typed password to
// the legacy store, so its failed migrations are counted per pool and name (as the pool keys
// names) with a user's lockout numbers, and a locked name is refused without asking the function,
// with the answer a locked user gets. A migration gives its own attempt back.
import { describe, expect, it } from "vitest";
import type { LambdaHandler } from "../../src/user-pool/triggers/index.js";
import { srpClient } from "./auth-helpers.js";
import {
  arn,
  CUSTOM_AUTH_TRIGGERS,
  hidingClient,
  type Json,
  knownUser,
  PASSWORD,
  rejection,
  triggerService,
} from "./triggers-harness.js";

const LEGACY: Record<string, { password: string; email: string }> = {
  "legacy-bob": { password: "Legacy-Pass-42", email: "bob@example.com" },
};

/** AWS's migration example: the legacy store checks the password and answers the user's attributes. */
const legacyMigration: LambdaHandler = async (event) => {
  const found = LEGACY[event.userName.toLowerCase()];
  if (found === undefined || found.password !== event.request.password) throw new Error("Bad password");
  event.response.userAttributes = { email: found.email, email_verified: "true" };
  event.response.finalUserStatus = "CONFIRMED";
  event.response.messageAction = "SUPPRESS";
  return event;
};

async function migrationPool(settings: Record<string, unknown> = {}) {
  let clock = Date.parse("2025-01-01T00:00:00Z");
  const env = await triggerService({
    handlers: { migrate: legacyMigration },
    pool: { LambdaConfig: { UserMigration: arn("migrate") }, ...settings },
    now: () => clock,
  });
  const signIn = (USERNAME: string, PASSWORD: string, clientId = env.clientId) =>
    env.call("InitiateAuth", {
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME, PASSWORD },
    });
  const invocations = () =>
    env.events.filter((e) => e.triggerSource === "UserMigration_Authentication").length;
  return { env, signIn, invocations, tick: (ms: number) => void (clock += ms) };
}

const outcome = (promise: Promise<Json>) =>
  promise.then(
    (r) => (r.AuthenticationResult ? "tokens" : "challenge"),
    (e: Error) => `${e.name}: ${e.message}`,
  );

const EXCEEDED = "NotAuthorizedException: Password attempts exceeded";

describe("UserMigration_Authentication and the lockout", () => {
  it("asks the legacy store no more often than a user's lockout allows, and refuses the right password while locked", async () => {
    const { env, signIn, invocations } = await migrationPool();
    for (let i = 0; i < 5; i++)
      expect((await rejection(signIn("legacy-bob", `guess-${i}-Aa1!`))).name).toBe(
        "UserLambdaValidationException",
      );
    for (let i = 5; i < 30; i++)
      expect(await outcome(signIn("legacy-bob", `guess-${i}-Aa1!`))).toBe(EXCEEDED);
    expect(invocations()).toBe(5);
    // The right password during the lock: refused the same way, the function not asked, nobody created.
    expect(await outcome(signIn("legacy-bob", "Legacy-Pass-42"))).toBe(EXCEEDED);
    expect(invocations()).toBe(5);
    expect((await env.call("ListUsers", { UserPoolId: env.poolId })).Users).toEqual([]);
  });

  it("counts a name in any case as one (the pool folds case), and one name's failures lock no other", async () => {
    const { signIn, invocations } = await migrationPool();
    for (const name of ["legacy-bob", "LEGACY-BOB", "Legacy-Bob", "legacy-BOB", "LeGaCy-BoB"])
      await rejection(signIn(name, "wrong-Pass-1"));
    expect(await outcome(signIn("LEGACY-bob", "wrong-Pass-1"))).toBe(EXCEEDED);
    expect(invocations()).toBe(5);
    expect(await outcome(signIn("someone-else", "wrong-Pass-1"))).toMatch(/^UserLambdaValidationException/);
    expect(invocations()).toBe(6);
  });

  it("a parallel burst of guesses gets no more invocations than the lockout allows", async () => {
    const { signIn, invocations } = await migrationPool();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => outcome(signIn("legacy-bob", `burst-${i}-Aa1!`))),
    );
    expect(invocations()).toBe(5);
    expect(answers.filter((a) => a === EXCEEDED)).toHaveLength(15);
  });

  it("the lock runs out as a user's does (1 s after the 5th failure, then doubling); a migration gives its own attempt back", async () => {
    const { env, signIn, invocations, tick } = await migrationPool();
    for (let i = 0; i < 5; i++) await rejection(signIn("legacy-bob", `guess-${i}-Aa1!`));
    tick(999);
    expect(await outcome(signIn("legacy-bob", "guess-x-Aa1!"))).toBe(EXCEEDED);
    tick(1);
    // The 6th failure locks for 2 s.
    expect(await outcome(signIn("legacy-bob", "guess-y-Aa1!"))).toMatch(/^UserLambdaValidationException/);
    tick(1999);
    expect(await outcome(signIn("legacy-bob", "Legacy-Pass-42"))).toBe(EXCEEDED);
    tick(1);
    expect(await outcome(signIn("legacy-bob", "Legacy-Pass-42"))).toBe("tokens");
    expect(invocations()).toBe(7);
    expect(
      await env.ctx.store().then((s) => s.codeLimits.get(env.poolId, "legacy-bob", "user_migration")),
    ).toMatchObject({ attempts: 6, lockedUntil: 0 });
    // From here the user's own lockout counts: a wrong password is the usual failure, the function not asked.
    expect(await outcome(signIn("legacy-bob", "wrong-Pass-1"))).toBe(
      "NotAuthorizedException: Incorrect username or password.",
    );
    expect(invocations()).toBe(7);
  });

  it("the count starts over after 15 minutes without a failure", async () => {
    const { signIn, invocations, tick } = await migrationPool();
    for (let i = 0; i < 4; i++) await rejection(signIn("legacy-bob", `guess-${i}-Aa1!`));
    tick(15 * 60 * 1000);
    for (let i = 0; i < 4; i++) await rejection(signIn("legacy-bob", `again-${i}-Aa1!`));
    expect(await outcome(signIn("legacy-bob", "Legacy-Pass-42"))).toBe("tokens");
    expect(invocations()).toBe(9);
  });

  it("hiding users, a locked name is answered as a locked user is", async () => {
    const { env, signIn, invocations } = await migrationPool();
    const hiding = await hidingClient(env);
    await knownUser(env, "carol");
    for (let i = 0; i < 5; i++) {
      await rejection(signIn("carol", `guess-${i}-Aa1!`, hiding));
      await rejection(signIn("legacy-bob", `guess-${i}-Aa1!`, hiding));
    }
    const locked = await outcome(signIn("carol", "guess-x-Aa1!", hiding));
    expect(await outcome(signIn("legacy-bob", "guess-x-Aa1!", hiding))).toBe(locked);
    expect(locked).toBe(EXCEEDED);
    expect(invocations()).toBe(5);
  });

  it("counts every case of a name as one in a case-sensitive pool: the legacy store may fold what the pool does not", async () => {
    const { signIn, invocations } = await migrationPool({ UsernameConfiguration: { CaseSensitive: true } });
    for (const name of ["legacy-bob", "Legacy-bob", "lEgacy-bob", "leGacy-bob", "legAcy-bob"])
      expect(await outcome(signIn(name, "wrong-Pass-1"))).toMatch(/^UserLambdaValidationException/);
    expect(await outcome(signIn("LEGACY-BOB", "Legacy-Pass-42"))).toBe(EXCEEDED);
    expect(invocations()).toBe(5);
  });

  it("counts the spellings full case folding joins as one (ß, SS, ẞ), which lower-casing alone keeps apart", async () => {
    const { signIn, invocations } = await migrationPool();
    for (const name of ["strasse", "straße", "STRASSE", "STRAẞE", "Straße"])
      expect(await outcome(signIn(name, "wrong-Pass-1"))).toMatch(/^UserLambdaValidationException/);
    expect(await outcome(signIn("strasse", "wrong-Pass-1"))).toBe(EXCEEDED);
    expect(invocations()).toBe(5);
  });

  it("a pool-wide budget of 100 failed migrations a minute bounds many names; a migration takes none of it", async () => {
    const { env, signIn, invocations, tick } = await migrationPool();
    for (let i = 0; i < 99; i++) await rejection(signIn(`name-${i}`, "wrong-Pass-1"));
    expect(await outcome(signIn("legacy-bob", "Legacy-Pass-42"))).toBe("tokens");
    expect(await outcome(signIn("name-99", "wrong-Pass-1"))).toMatch(/^UserLambdaValidationException/);
    expect(invocations()).toBe(101);
    // Past the budget, any name (a fresh one too) is answered as a locked name, the function not asked.
    expect(await outcome(signIn("fresh-name", "Some-Pass-1"))).toBe(EXCEEDED);
    expect(invocations()).toBe(101);
    // A known user signs in as always.
    await knownUser(env, "carol");
    expect(await outcome(signIn("carol", PASSWORD))).toBe("tokens");
    // A client that hides users answers a fresh name as it answers a held user's wrong password:
    // the spent budget tells no name apart.
    const hiding = await hidingClient(env);
    const fresh = await outcome(signIn("fresh-other", "Some-Pass-1", hiding));
    expect(fresh).toBe("NotAuthorizedException: Incorrect username or password.");
    expect(await outcome(signIn("carol", "Some-Pass-1", hiding))).toBe(fresh);
    expect(invocations()).toBe(101);
    // A minute later the budget is back.
    tick(60_000);
    expect(await outcome(signIn("fresh-name", "Some-Pass-1"))).toMatch(/^UserLambdaValidationException/);
    expect(invocations()).toBe(102);
  });

  it("a locked name's refusals take none of the pool's budget", async () => {
    const { signIn, invocations } = await migrationPool();
    for (let i = 0; i < 5; i++) await rejection(signIn("legacy-bob", `guess-${i}-Aa1!`));
    for (let i = 0; i < 100; i++) expect(await outcome(signIn("legacy-bob", "guess-x-Aa1!"))).toBe(EXCEEDED);
    expect(await outcome(signIn("someone-else", "wrong-Pass-1"))).toMatch(/^UserLambdaValidationException/);
    expect(invocations()).toBe(6);
  });

  it("counts the spellings a legacy collation joins as one: accents, invisible characters and spaces dropped", async () => {
    const { signIn, invocations } = await migrationPool();
    const spellings = [
      "legacy-bob",
      "legacy-bob ",
      "l\u00e9gacy-bob",
      "le\u0301gacy-b\u00f6b",
      "legacy\u200b-bob",
    ];
    for (const name of spellings) await rejection(signIn(name, "Wrong-Pass-1"));
    const locked = await rejection(signIn(" L\u00c9GACY-BOB", "Legacy-Pass-42"));
    expect(locked.message).toBe("Password attempts exceeded");
    expect(invocations()).toBe(5);
  });

  it("hiding users, a ForgotPassword migration's user (RESET_REQUIRED, no password) locks as a name nobody holds", async () => {
    // AWS's advice for pools that hide users: no attributes for a name (or password) the store refuses.
    const quiet: LambdaHandler = async (event) => {
      const found = LEGACY[event.userName];
      const refused =
        event.triggerSource === "UserMigration_Authentication" && found?.password !== event.request.password;
      if (found !== undefined && !refused)
        event.response.userAttributes = { email: found.email, email_verified: "true" };
      event.response.messageAction = "SUPPRESS";
      return event;
    };
    const env = await triggerService({
      handlers: { migrate: quiet },
      pool: { LambdaConfig: { UserMigration: arn("migrate") } },
    });
    const signIn = (USERNAME: string, PASSWORD: string, ClientId: string) =>
      env.call("InitiateAuth", {
        ClientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME, PASSWORD },
      });
    const hiding = await hidingClient(env);
    // The reset migrates the legacy name (RESET_REQUIRED, no password); the other name stays unknown.
    for (const Username of ["legacy-bob", "nobody-here"])
      await env.call("ForgotPassword", { ClientId: hiding, Username });
    const tries = async (name: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 7; i++)
        seen.push((await rejection(signIn(name, `Wrong-guess-${i}`, hiding))).message);
      return seen;
    };
    const legacy = await tries("legacy-bob");
    expect(legacy).toEqual(await tries("nobody-here"));
    expect(legacy.slice(5)).toEqual(["Password attempts exceeded", "Password attempts exceeded"]);
  });

  it("counts control characters and the letters collations take for their base (ø, ł) with the name", async () => {
    const { signIn, invocations } = await migrationPool();
    const spellings = [
      "l\u0001egacy-bob",
      "legacy-b\u00f8b",
      "\u0142egacy-bob",
      "legacy-bob\u0007",
      "LEGACY-BOB",
    ];
    for (const name of spellings) await rejection(signIn(name, "Wrong-Pass-1"));
    expect((await rejection(signIn("legacy-bob", "Legacy-Pass-42"))).message).toBe(
      "Password attempts exceeded",
    );
    expect(invocations()).toBe(5);
  });

  it("hiding users, a held user's name locks as a name nobody holds after failures on a spelling only the migration count joins", async () => {
    const { env, signIn } = await migrationPool();
    const hiding = await hidingClient(env);
    await knownUser(env, "carol");
    const probe = async (name: string, variant: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 5; i++) seen.push(await outcome(signIn(variant, `Wrong-guess-${i}`, hiding)));
      seen.push(await outcome(signIn(name, "Wrong-guess-5", hiding)));
      return seen;
    };
    const held = await probe("carol", "c\u00e1rol");
    expect(held).toEqual(await probe("dave", "d\u00e1ve"));
    expect(held[5]).toBe(EXCEEDED);
  });

  describe("USER_SRP_AUTH, hiding users", () => {
    const srpPool = async () => {
      const { env, signIn } = await migrationPool();
      const { UserPoolClient } = await env.call("CreateUserPoolClient", {
        UserPoolId: env.poolId,
        ClientName: "hiding-srp",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors: "ENABLED",
      });
      const ClientId = UserPoolClient.ClientId as string;
      const srpSignIn = async (USERNAME: string, password: string): Promise<string> => {
        const srp = await srpClient(env.poolId);
        const first = await env
          .call("InitiateAuth", {
            ClientId,
            AuthFlow: "USER_SRP_AUTH",
            AuthParameters: { USERNAME, SRP_A: srp.A },
          })
          .catch((e: Error) => e);
        if (first instanceof Error) return `${first.name}: ${first.message}`;
        return outcome(
          env.call("RespondToAuthChallenge", {
            ClientId,
            ChallengeName: "PASSWORD_VERIFIER",
            Session: first.Session,
            ChallengeResponses: await srp.answer(first.ChallengeParameters, password),
          }),
        );
      };
      return { env, ClientId, srpSignIn, signIn };
    };

    it("a ForgotPassword migration's passwordless user and a name nobody holds lock alike on wrong proofs", async () => {
      const { env, ClientId, srpSignIn } = await srpPool();
      // ForgotPassword migrates the legacy name (RESET_REQUIRED, no password); the other stays unknown.
      env.handle("migrate", async (event) => {
        if (event.userName === "legacy-bob")
          event.response.userAttributes = { email: "bob@example.com", email_verified: "true" };
        event.response.messageAction = "SUPPRESS";
        return event;
      });
      for (const Username of ["legacy-bob", "nobody-here"])
        await env.call("ForgotPassword", { ClientId, Username });
      const tries = async (name: string) => {
        const seen: string[] = [];
        for (let i = 0; i < 7; i++) seen.push(await srpSignIn(name, `Wrong-guess-${i}`));
        return seen;
      };
      const legacy = await tries("legacy-bob");
      expect(legacy).toEqual(await tries("nobody-here"));
      expect(legacy.slice(5)).toEqual([EXCEEDED, EXCEEDED]);
    });

    it("a name locked by the password flow is refused by SRP too, held or not", async () => {
      const { env, ClientId, srpSignIn, signIn } = await srpPool();
      await knownUser(env, "carol");
      // Wrong passwords on a spelling only the migration count joins to the name (an accent).
      for (const name of ["carol", "dave"])
        for (let i = 0; i < 5; i++)
          await rejection(signIn(name.replace("a", "\u00e1"), `Wrong-${i}`, ClientId));
      const held = await srpSignIn("carol", PASSWORD);
      expect(held).toBe(EXCEEDED);
      expect(await srpSignIn("dave", PASSWORD)).toBe(held);
    });
  });

  for (const [label, settings, twin] of [
    ["an accented twin", {}, "l\u00e9gacy-bob"],
    [
      "a case twin in a case-sensitive pool",
      { UsernameConfiguration: { CaseSensitive: true } },
      "Legacy-bob",
    ],
  ] as const)
    it(`a held look-alike's right password gives back its own attempt only, never the legacy name's count (${label})`, async () => {
      const { env, signIn, invocations } = await migrationPool(settings);
      await knownUser(env, twin);
      const guesses: string[] = [];
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 4; i++)
          guesses.push(await outcome(signIn("legacy-bob", `Guess-${round}-${i}-Aa1!`)));
        const own = await outcome(signIn(twin, PASSWORD));
        // A proven password the first time; later the shared count is locked for the twin too.
        expect(own).toBe(round === 0 ? "tokens" : EXCEEDED);
      }
      expect(invocations()).toBe(5);
      expect(guesses.slice(5).every((g) => g === EXCEEDED)).toBe(true);
    });

  for (const mode of ["CUSTOM_AUTH", "CUSTOM_WITH_SRP"])
    it(`hiding users, ${mode}'s InitiateAuth refuses a locked name as it refuses a locked held user`, async () => {
      const { env } = await migrationPool({
        LambdaConfig: { UserMigration: arn("migrate"), ...CUSTOM_AUTH_TRIGGERS },
      });
      // AWS's advice for pools that hide users: no attributes for a name the legacy store refuses.
      env.handle("migrate", async (event) => event);
      env.handle("define", async (event) => {
        event.response.challengeName = "CUSTOM_CHALLENGE";
        return event;
      });
      env.handle("create", async (event) => {
        event.response.publicChallengeParameters = { q: "code?" };
        event.response.privateChallengeParameters = { answer: "1234" };
        return event;
      });
      const { UserPoolClient } = await env.call("CreateUserPoolClient", {
        UserPoolId: env.poolId,
        ClientName: "hiding-custom",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH"],
        PreventUserExistenceErrors: "ENABLED",
      });
      const ClientId = UserPoolClient.ClientId as string;
      await knownUser(env, "carol");
      const probe = async (USERNAME: string) => {
        const seen: string[] = [];
        for (let i = 0; i < 5; i++)
          seen.push(
            await outcome(
              env.call("InitiateAuth", {
                ClientId,
                AuthFlow: "USER_PASSWORD_AUTH",
                AuthParameters: { USERNAME, PASSWORD: `Wrong-guess-${i}` },
              }),
            ),
          );
        const srp = mode === "CUSTOM_WITH_SRP" ? await srpClient(env.poolId) : undefined;
        const parameters = srp === undefined ? {} : { CHALLENGE_NAME: "SRP_A", SRP_A: srp.A };
        seen.push(
          await outcome(
            env.call("InitiateAuth", {
              ClientId,
              AuthFlow: "CUSTOM_AUTH",
              AuthParameters: { USERNAME, ...parameters },
            }),
          ),
        );
        return seen;
      };
      const held = await probe("carol");
      expect(held).toEqual(await probe("dave"));
      expect(held[5]).toBe(EXCEEDED);
    });

  it("hiding users, sign-ins PreAuthentication refuses count toward the name's count held or not, and answer alike", async () => {
    const { env, signIn } = await migrationPool({
      LambdaConfig: { UserMigration: arn("migrate"), PreAuthentication: arn("pre-auth") },
    });
    env.handle("migrate", async (event) => event);
    // AWS's PreAuthentication sample: one app client is refused.
    env.handle("pre-auth", async () => {
      throw new Error("Cannot authenticate users from this user pool app client");
    });
    const hiding = await hidingClient(env);
    await knownUser(env, "carol");
    const probe = async (name: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 6; i++) seen.push(await outcome(signIn(name, `Wrong-guess-${i}`, hiding)));
      return seen;
    };
    const held = await probe("carol");
    expect(held).toEqual(await probe("dave"));
    expect(held[0]).toBe(
      "UserLambdaValidationException: PreAuthentication failed with error Cannot authenticate users from this user pool app client.",
    );
    expect(held[5]).toBe(EXCEEDED);
  });
});
