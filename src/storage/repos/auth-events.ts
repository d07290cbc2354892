/**
 * Auth events: what AdminListUserAuthEvents shows (sign-ins, sign-ups, password changes, with
 * their outcome), and where UpdateAuthEventFeedback lands.
 */
import { purgeBatch } from "../purge.js";
import { sql, type SqlDriver, type SqlRow } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";
import { parseObject, type JsonObject } from "./rows.js";

/** A stored auth event. `id` is the `event_id` the tokens of that sign-in carry. */
export interface AuthEventRecord<D extends object = JsonObject> {
  id: string;
  poolId: string;
  sub: string;
  /** SignIn, SignUp, ForgotPassword, PasswordChange, ResendCode, ... */
  eventType: string;
  /** Pass, Fail or InProgress. */
  eventResponse: string;
  /** The rest (challenges, context such as IP address and device). */
  data: D;
  /** `Valid` or `Invalid`, once the user or an admin gave feedback. */
  feedback: string | null;
  createdAt: number;
}

const COLUMNS = "id, pool_id, sub, event_type, event_response, data, feedback, created_at";
const MAX_PAGE = 60;

/**
 * Failed sign-in events kept per user, the newest: anyone who knows a username can fail sign-ins
 * under it (about 40 an hour through the lockout), and two years of them would be a database
 * filled by a stranger. Threat protection reads at most 60 of the last minutes' failures. Events
 * someone gave feedback on are kept besides (a stranger must not push a reported one out), and
 * only an admin or the user, with the mailed token, can give it.
 */
export const MAX_FAILED_SIGN_INS_KEPT = 200;
// Rows one failed sign-in deletes at most past the cap: the cap is kept as they come, one by one.
const TRIMMED_PER_FAILURE = 10;

/**
 * The auth-event repository.
 *
 * @example
 * ```ts
 * const events = authEventRepository(driver);
 * await events.record({ id: eventId, poolId, sub, eventType: "SignIn", eventResponse: "Pass", data: { ip }, createdAt: now });
 * const { items } = await events.listForUser(poolId, sub, { limit: 10 }); // newest first
 * ```
 */
export function authEventRepository<D extends object = JsonObject>(driver: SqlDriver) {
  const toEvent = (row: SqlRow): AuthEventRecord<D> => ({
    id: String(row.id),
    poolId: String(row.pool_id),
    sub: String(row.sub),
    eventType: String(row.event_type),
    eventResponse: String(row.event_response),
    data: parseObject<D>(row.data),
    feedback: row.feedback === null ? null : String(row.feedback),
    createdAt: Number(row.created_at),
  });

  return {
    /**
     * Records an event. Recorded again under its id (a challenged sign-in, InProgress, that ends),
     * it takes the new response and the new data over the old, keeping its time and feedback;
     * only the same user's event can be settled so.
     */
    async record(event: Omit<AuthEventRecord<D>, "feedback">): Promise<void> {
      const settle =
        "ON CONFLICT (id) DO UPDATE SET event_response = excluded.event_response, data = json_patch(auth_events.data, excluded.data) WHERE auth_events.sub = excluded.sub AND auth_events.pool_id = excluded.pool_id";
      const insert = sql(
        `INSERT INTO auth_events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL, ?) ${settle}`,
        event.id,
        event.poolId,
        event.sub,
        event.eventType,
        event.eventResponse,
        JSON.stringify(event.data),
        event.createdAt,
      );
      if (event.eventType !== "SignIn" || event.eventResponse !== "Fail") {
        await driver.run(insert.sql, insert.params);
        return;
      }
      // The user's oldest failed sign-ins without feedback past MAX_FAILED_SIGN_INS_KEPT, by the sign-in index.
      const trim = sql(
        `DELETE FROM auth_events WHERE id IN (
           SELECT id FROM auth_events WHERE sub = ? AND event_type = 'SignIn' AND event_response = 'Fail' AND pool_id = ? AND feedback IS NULL
           ORDER BY created_at DESC LIMIT ${TRIMMED_PER_FAILURE} OFFSET ${MAX_FAILED_SIGN_INS_KEPT})`,
        event.sub,
        event.poolId,
      );
      await driver.batch([insert, trim]);
    },

    /** The user's events, newest first, `limit` (1-60, default 60) at a time. */
    async listForUser(
      poolId: string,
      sub: string,
      options: { limit?: number; nextToken?: string } = {},
    ): Promise<Page<AuthEventRecord<D>>> {
      const limit = pageLimit(options.limit, MAX_PAGE);
      const after = decodePageToken("auth-events", options.nextToken, ["number", "string"]);
      const rows =
        after === undefined
          ? await driver.all(
              `SELECT ${COLUMNS} FROM auth_events WHERE sub = ? AND pool_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
              [sub, poolId, limit + 1],
            )
          : await driver.all(
              `SELECT ${COLUMNS} FROM auth_events WHERE sub = ? AND pool_id = ? AND (created_at < ? OR (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?`,
              [sub, poolId, after[0]!, after[0]!, after[1]!, limit + 1],
            );
      return pageOf(rows.map(toEvent), limit, (last) =>
        encodePageToken("auth-events", [last.createdAt, last.id]),
      );
    },

    /**
     * The user's sign-in events threat protection compares a sign-in with, each list newest first
     * and at most `limit` long: `trusted`, those that passed and were not reported Invalid, and
     * any reported Valid; `failed`, those that failed (or were challenged and not yet answered)
     * after `failedSince`; `reported`, those
     * reported Invalid. Other events (refreshes, failures long past) never crowd them out.
     */
    async signInHistory(
      poolId: string,
      sub: string,
      options: { limit: number; failedSince: number },
    ): Promise<{
      trusted: AuthEventRecord<D>[];
      failed: AuthEventRecord<D>[];
      reported: AuthEventRecord<D>[];
    }> {
      const base = `SELECT ${COLUMNS} FROM auth_events WHERE sub = ? AND pool_id = ? AND event_type = 'SignIn'`;
      const order = "ORDER BY created_at DESC, id DESC LIMIT ?";
      const [trusted, failed, reported] = await Promise.all([
        driver.all(
          `${base} AND ((event_response = 'Pass' AND (feedback IS NULL OR feedback <> 'Invalid')) OR feedback = 'Valid') ${order}`,
          [sub, poolId, options.limit],
        ),
        driver.all(`${base} AND event_response IN ('Fail', 'InProgress') AND created_at > ? ${order}`, [
          sub,
          poolId,
          options.failedSince,
          options.limit,
        ]),
        driver.all(`${base} AND feedback = 'Invalid' ${order}`, [sub, poolId, options.limit]),
      ]);
      return { trusted: trusted.map(toEvent), failed: failed.map(toEvent), reported: reported.map(toEvent) };
    },

    /**
     * Sets the feedback on one of the user's events; `false` when there is no such event. With
     * `by`, who gave it and when go into the event's data as `feedbackProvider` and `feedbackDate`.
     */
    async setFeedback(
      poolId: string,
      sub: string,
      eventId: string,
      feedback: string,
      by?: { provider: string; at: number },
    ): Promise<boolean> {
      if (by === undefined) {
        return (
          (
            await driver.run("UPDATE auth_events SET feedback = ? WHERE id = ? AND sub = ? AND pool_id = ?", [
              feedback,
              eventId,
              sub,
              poolId,
            ])
          ).changes > 0
        );
      }
      const update =
        "UPDATE auth_events SET feedback = ?, data = json_set(data, '$.feedbackProvider', ?, '$.feedbackDate', ?) WHERE id = ? AND sub = ? AND pool_id = ?";
      return (await driver.run(update, [feedback, by.provider, by.at, eventId, sub, poolId])).changes > 0;
    },

    /** Deletes up to `limit` events recorded at or before `before`; returns how many. */
    async purgeBefore(before: number, limit: number): Promise<number> {
      return await purgeBatch(driver, "auth_events", "id", "created_at <= ?", [before], limit);
    },

    /** One of the user's events, or null. */
    async get(poolId: string, sub: string, eventId: string): Promise<AuthEventRecord<D> | null> {
      const row = await driver.first(
        `SELECT ${COLUMNS} FROM auth_events WHERE id = ? AND sub = ? AND pool_id = ?`,
        [eventId, sub, poolId],
      );
      return row === null ? null : toEvent(row);
    },
  };
}

/** The auth-event repository's type. */
export type AuthEventRepository<D extends object = JsonObject> = ReturnType<typeof authEventRepository<D>>;
