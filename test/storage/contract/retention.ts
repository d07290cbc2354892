import { describe, expect, it } from "vitest";
import type { Repositories, SqlDriver, SqlValue } from "../../../src/storage/index.js";
import { RETENTION_SCHEMA } from "../../../src/storage/schema-retention.js";
import { CLIENT, NOW, POOL, seedPool, seedUser, type Context } from "./fixtures.js";

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Every purge below is told this `before`. */
const BEFORE = NOW;

/**
 * One kind of row a purge deletes, seeded by plain INSERTs so that every time is exact. Each row
 * is named by `label` (a column): `due-…` rows are the purge's to delete, exactly three of them
 * (one exactly at the boundary), and `kept-…` rows must stay.
 */
interface Kind {
  table: string;
  label: string;
  columns: string;
  rows(ann: string, bob: string): SqlValue[][];
  purge(store: Repositories, before: number, limit: number): Promise<number>;
}

const KINDS = {
  sessions: {
    table: "auth_sessions",
    label: "id_hash",
    columns:
      "id_hash, pool_id, client_id, username, sub, challenge, data, created_at, expires_at, consumed_at",
    rows: (ann, bob) =>
      (
        [
          ["due-1", ann, NOW - 60_000, null],
          ["due-2", null, NOW - 1, null], // the simulated session of an unknown user
          ["due-3", bob, NOW, null],
          ["kept-1", bob, NOW + 1, null],
          ["kept-2", ann, NOW + 180_000, NOW - 5], // answered, not yet expired: only expiry counts
        ] as const
      ).map(([id, sub, expires, consumed]) => [
        id,
        POOL,
        CLIENT,
        "someone",
        sub,
        "PASSWORD_VERIFIER",
        "{}",
        NOW - DAY,
        expires,
        consumed,
      ]),
    purge: (store, before, limit) => store.sessions.purgeExpired(before, limit),
  },
  refreshTokens: {
    table: "refresh_tokens",
    label: "token_hash",
    columns: "token_hash, pool_id, client_id, sub, family_id, auth_time, created_at, expires_at, revoked_at",
    rows: (ann, bob) =>
      (
        [
          ["due-1", ann, "fam-expired", NOW - DAY, null],
          // A revoked family of two (a rotated token and its successor), revoked exactly at `before`.
          ["due-2", bob, "fam-revoked", NOW - DAY, NOW - 5],
          ["due-3", bob, "fam-revoked", NOW, NOW],
          ["kept-1", ann, "fam-live", NOW + 1, null],
          // Expired, but revoked after `before`: the feed and isFamilyRevoked still answer for it.
          ["kept-2", bob, "fam-late", NOW - DAY, NOW + 1],
          ["kept-3", ann, "fam-unexpired", NOW + DAY, NOW - DAY],
        ] as const
      ).map(([hash, sub, family, expires, revoked]) => [
        hash,
        POOL,
        CLIENT,
        sub,
        family,
        NOW - 2 * DAY,
        NOW - 2 * DAY,
        expires,
        revoked,
      ]),
    purge: (store, before, limit) => store.refreshTokens.purgeExpired(before, limit),
  },
  codes: {
    table: "codes",
    label: "purpose",
    columns:
      "pool_id, username_lower, purpose, code_hash, created_at, expires_at, attempts, max_attempts, consumed_at",
    rows: () =>
      (
        [
          ["ann", "due-1", NOW - 1000, 0, null],
          ["bob", "due-2", NOW, 0, null],
          ["ann", "due-3", NOW + DAY, 1, NOW], // used exactly at `before`
          ["bob", "kept-1", NOW + 1, 0, null],
          ["ann", "kept-2", NOW + DAY, 1, NOW + 1],
          ["bob", "kept-3", NOW + DAY, 3, null], // live, its attempts used: it answers "limit"
        ] as const
      ).map(([user, purpose, expires, attempts, consumed]) => [
        POOL,
        user,
        purpose,
        "h",
        NOW - DAY,
        expires,
        attempts,
        3,
        consumed,
      ]),
    purge: (store, before, limit) => store.codes.purgeSpent(before, limit),
  },
  codeLimits: {
    table: "code_limits",
    label: "name_key",
    columns: "pool_id, name_key, purpose, touched_at",
    // Stale means untouched since strictly before `before`: a state touched exactly then is kept.
    rows: () =>
      (
        [
          ["due-1", NOW - DAY],
          ["due-2", NOW - 1000],
          ["due-3", NOW - 1],
          ["kept-1", NOW],
          ["kept-2", NOW + 1000],
        ] as const
      ).map(([name, touched]) => [POOL, name, "signup", touched]),
    purge: (store, before, limit) => store.codeLimits.purgeStale(before, limit),
  },
  devices: {
    table: "devices",
    label: "device_key",
    columns: "device_key, pool_id, sub, group_key, confirmed, browser_key_hash, created_at, updated_at",
    rows: (ann, bob) =>
      (
        [
          ["due-1", ann, 0, null, NOW - DAY],
          ["due-2", bob, 0, null, NOW - 1],
          ["due-3", ann, 0, null, NOW],
          ["kept-1", bob, 0, null, NOW + 1],
          ["kept-2", ann, 1, null, NOW - 30 * DAY],
          ["kept-3", bob, 1, "browser-key-hash", NOW - 30 * DAY], // a browser the hosted UI remembers
        ] as const
      ).map(([key, sub, confirmed, browser, created]) => [
        key,
        POOL,
        sub,
        "-group",
        confirmed,
        browser,
        created,
        created,
      ]),
    purge: (store, before, limit) => store.devices.purgeUnconfirmed(before, limit),
  },
  oauthCodes: {
    table: "oauth_codes",
    label: "code_hash",
    columns:
      "code_hash, pool_id, client_id, sub, grant_data, family_id, created_at, expires_at, consumed_at, replayed_at",
    rows: (ann, bob) =>
      (
        [
          ["due-1", ann, NOW - 1000, NOW - 2000, null],
          ["due-2", bob, NOW - 1, NOW - 10, NOW - 5],
          ["due-3", ann, NOW, null, null],
          ["kept-1", bob, NOW + 1, null, null],
          ["kept-2", ann, NOW + 60_000, NOW - 10, null], // spent: kept to recognise a replay
        ] as const
      ).map(([hash, sub, expires, consumed, replayed]) => [
        hash,
        POOL,
        CLIENT,
        sub,
        "{}",
        `family-${hash}`,
        NOW - HOUR,
        expires,
        consumed,
        replayed,
      ]),
    purge: (store, before, limit) => store.oauthCodes.purgeExpired(before, limit),
  },
  browserSessions: {
    table: "browser_sessions",
    label: "id_hash",
    columns: "id_hash, pool_id, sub, data, created_at, expires_at, ended_at",
    rows: (ann, bob) =>
      (
        [
          ["due-1", ann, NOW, NOW - 2000], // expired and ended: counted once
          ["due-2", ann, NOW + HOUR, NOW - 1000],
          ["due-3", bob, NOW + HOUR, NOW],
          ["kept-1", bob, NOW + 1, null],
          ["kept-2", ann, NOW + HOUR, NOW + 1],
          ["kept-3", bob, NOW + HOUR, null],
        ] as const
      ).map(([id, sub, expires, ended]) => [id, POOL, sub, "{}", NOW - HOUR, expires, ended]),
    purge: (store, before, limit) => store.browserSessions.purge(before, limit),
  },
  federationStates: {
    table: "federation_states",
    label: "state_hash",
    columns: "state_hash, pool_id, expires_at",
    rows: () =>
      (
        [
          ["due-1", NOW - 1000],
          ["due-2", NOW - 1],
          ["due-3", NOW],
          ["kept-1", NOW + 1],
          ["kept-2", NOW + 600_000],
        ] as const
      ).map(([hash, expires]) => [hash, POOL, expires]),
    purge: (store, before, limit) => store.federationStates.purgeExpired(before, limit),
  },
  samlAssertions: {
    table: "saml_assertions",
    label: "assertion_id",
    columns: "pool_id, provider_name, assertion_id, expires_at",
    rows: () =>
      (
        [
          ["idp-a", "due-1", NOW - 1000],
          ["idp-b", "due-2", NOW - 1],
          ["idp-a", "due-3", NOW],
          ["idp-b", "kept-1", NOW + 1],
          ["idp-a", "kept-2", NOW + 600_000],
        ] as const
      ).map(([provider, id, expires]) => [POOL, provider, id, expires]),
    purge: (store, before, limit) => store.samlAssertions.purgeExpired(before, limit),
  },
  authEvents: {
    table: "auth_events",
    label: "id",
    columns: "id, pool_id, sub, event_type, event_response, data, created_at",
    rows: (ann, bob) =>
      (
        [
          ["due-1", ann, NOW - 800 * DAY],
          ["due-2", bob, NOW - 1],
          ["due-3", ann, NOW],
          ["kept-1", bob, NOW + 1],
          ["kept-2", ann, NOW + DAY],
        ] as const
      ).map(([id, sub, created]) => [id, POOL, sub, "SignIn", "Pass", "{}", created]),
    purge: (store, before, limit) => store.authEvents.purgeBefore(before, limit),
  },
} satisfies Record<string, Kind>;

const KIND_LIST: readonly Kind[] = Object.values(KINDS);

/** The pool, users ann and bob, and every kind's rows, in one batch. */
async function seedAll(store: Repositories): Promise<{ ann: string; bob: string }> {
  await seedPool(store);
  const ann = (await seedUser(store, "ann")).sub;
  const bob = (await seedUser(store, "bob")).sub;
  await store.driver.batch(
    KIND_LIST.flatMap((kind) =>
      kind.rows(ann, bob).map((params) => ({
        sql: `INSERT INTO ${kind.table} (${kind.columns}) VALUES (${params.map(() => "?").join(", ")})`,
        params,
      })),
    ),
  );
  return { ann, bob };
}

async function labels(driver: SqlDriver, kind: Kind): Promise<string[]> {
  const rows = await driver.all<{ label: string }>(`SELECT ${kind.label} AS label FROM ${kind.table}`);
  return rows.map((row) => String(row.label)).sort();
}

async function counts(driver: SqlDriver): Promise<Record<string, number>> {
  const entries = await Promise.all(
    KIND_LIST.map(async (kind) => {
      const row = await driver.first<{ n: number }>(`SELECT COUNT(*) AS n FROM ${kind.table}`);
      return [kind.table, Number(row?.n)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * Seeds every kind, runs `kind`'s purge at {@link BEFORE} with a limit of 2 until it deletes
 * nothing (calling `step` after each batch), and checks what it took: its three due rows, two
 * then one, leaving its kept rows and every other kind's rows alone.
 */
async function purgeDue(ctx: Context, kind: Kind, step?: () => Promise<void>) {
  const { store, driver } = ctx();
  const users = await seedAll(store);
  const seeded = await counts(driver);
  const kept = (await labels(driver, kind)).filter((label) => label.startsWith("kept-"));
  const deleted: number[] = [];
  for (let i = 0; i < 3; i++) {
    deleted.push(await kind.purge(store, BEFORE, 2));
    await step?.();
  }
  expect(deleted).toEqual([2, 1, 0]);
  expect(await labels(driver, kind)).toEqual(kept);
  expect(await counts(driver)).toEqual({ ...seeded, [kind.table]: kept.length });
  return { store, ...users };
}

export function retentionContract(ctx: Context): void {
  describe("retention purges", () => {
    it("migration 21 made the indexes the purges delete by, partial ones with their conditions", async () => {
      const { driver } = ctx();
      const names = RETENTION_SCHEMA.map((statement) => /^CREATE INDEX (\w+) ON /.exec(statement)![1]!);
      const rows = await driver.all<{ name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (${names.map(() => "?").join(", ")})`,
        names,
      );
      const made = Object.fromEntries(rows.map((row) => [row.name, row.sql]));
      expect(made).toEqual(Object.fromEntries(names.map((name, i) => [name, RETENTION_SCHEMA[i]])));
    });

    it("auth sessions: deletes those expired at or before the time, a batch at a time", async () => {
      const { store } = await purgeDue(ctx, KINDS.sessions);
      await expect(store.sessions.purgeExpired(BEFORE, 0)).rejects.toThrow(RangeError);
    });

    it("refresh tokens: deletes those expired and revoked (if at all) by the time; a revoked family answers until its last row goes", async () => {
      const { store } = ctx();
      const familyRows = async () =>
        (await store.driver.all("SELECT 1 AS one FROM refresh_tokens WHERE family_id = 'fam-revoked'"))
          .length;
      const answers: [boolean, number][] = [];
      await purgeDue(ctx, KINDS.refreshTokens, async () => {
        answers.push([await store.refreshTokens.isFamilyRevoked("fam-revoked"), await familyRows()]);
      });
      for (const [revoked, rows] of answers) expect(revoked).toBe(rows > 0);
      expect(answers.at(-1)).toEqual([false, 0]);
      expect(await store.refreshTokens.isFamilyRevoked("fam-late")).toBe(true);
      expect((await store.revocations.since(POOL, BEFORE - 10, 10)).families).toEqual([
        { id: "fam-late", at: NOW + 1 },
      ]);
    });

    it("codes: deletes those expired or used by the time, and keeps a live code that used its attempts", async () => {
      const { store } = await purgeDue(ctx, KINDS.codes);
      expect(await store.codes.deadCode(POOL, "bob", "kept-3", BEFORE)).toEqual({ outcome: "limit" });
      expect((await store.codes.get(POOL, "bob", "kept-1"))?.expiresAt).toBe(NOW + 1);
    });

    it("code limits: deletes the states untouched since strictly before the time", async () => {
      await purgeDue(ctx, KINDS.codeLimits);
    });

    it("devices: deletes unconfirmed devices created by the time, never a confirmed or remembered browser one", async () => {
      const { store, bob } = await purgeDue(ctx, KINDS.devices);
      expect(await store.devices.get(POOL, bob, "kept-3")).toMatchObject({ browserBound: true });
    });

    it("authorization codes: deletes those expired by the time, spent or not", async () => {
      const { store } = await purgeDue(ctx, KINDS.oauthCodes);
      expect((await store.oauthCodes.find("kept-2"))?.consumedAt).toBe(NOW - 10);
    });

    it("browser sessions: deletes the expired and the ended ones, one limit across both", async () => {
      const { store } = await purgeDue(ctx, KINDS.browserSessions);
      expect(await store.browserSessions.live("kept-3", POOL, BEFORE)).not.toBeNull();
    });

    it("federation states: deletes those expired by the time", async () => {
      await purgeDue(ctx, KINDS.federationStates);
    });

    it("SAML assertions: deletes those expired by the time, and a kept one is still a replay", async () => {
      const { store } = await purgeDue(ctx, KINDS.samlAssertions);
      expect(await store.samlAssertions.seen(POOL, "idp-b", "kept-1", BEFORE)).toBe(true);
    });

    it("auth events: deletes those recorded at or before the time", async () => {
      const { store, ann } = await purgeDue(ctx, KINDS.authEvents);
      expect((await store.authEvents.listForUser(POOL, ann)).items.map((event) => event.id)).toEqual([
        "kept-2",
      ]);
    });
  });
}
