/**
 * Users' tracked devices, keyed by their device key (globally unique) and always looked up
 * together with the owning user, so one user can never read or change another's device.
 */
import { purgeBatch } from "../purge.js";
import type { SqlDriver, SqlRow } from "../driver.js";
import { decodePageToken, encodePageToken, pageLimit, pageOf, type Page } from "../page.js";
import { NO_SECRET_BOX, type SecretBox } from "./clients.js";
import { optionalNumber } from "./rows.js";
import {
  CLEAR_VERIFIER,
  deviceVerifierContext,
  openVerifier,
  sealClearVerifier,
  sealVerifier,
} from "./verifiers.js";

/** Whether a confirmed device may stand in for MFA. */
export type DeviceRememberedStatus = "remembered" | "not_remembered";

/** A stored device. */
export interface DeviceRecord {
  deviceKey: string;
  poolId: string;
  sub: string;
  groupKey: string;
  name: string | null;
  rememberedStatus: DeviceRememberedStatus;
  /** Set by ConfirmDevice, with the salt (hex) and verifier (hex, stored sealed) below. */
  confirmed: boolean;
  srpSalt: string | null;
  srpVerifier: string | null;
  createdAt: number;
  updatedAt: number;
  lastAuthenticatedAt: number | null;
  /** A device the hosted UI remembered: bound to a browser by its cookie (only a keyed hash is stored), with no SRP secret. */
  browserBound: boolean;
}

const COLUMNS =
  "device_key, pool_id, sub, group_key, name, remembered_status, confirmed, srp_salt, srp_verifier, created_at, updated_at, last_authenticated_at, browser_key_hash";
const MAX_PAGE = 60;

/**
 * How many devices a user keeps that a sign-in handed out and nobody confirmed: a client that
 * never calls ConfirmDevice (a server-side app, say) gets a new one at every sign-in, so the
 * oldest beyond these are dropped. Clients that confirm (amazon-cognito-identity-js, Amplify) do
 * so within the sign-in that made the device.
 */
export const UNCONFIRMED_DEVICES_KEPT = 10;

/**
 * How many browsers the hosted UI remembers per user: a new one beyond them drops the one used
 * longest ago, so a user (or a shared browser switching accounts) never piles up rows.
 */
export const BROWSER_DEVICES_KEPT = 20;

/** How long an unconfirmed device waits for ConfirmDevice before it is dropped: one day. */
export const UNCONFIRMED_DEVICE_MS = 24 * 60 * 60 * 1000;

async function toDevice(row: SqlRow, box: SecretBox): Promise<DeviceRecord> {
  const [deviceKey, poolId, sub] = [String(row.device_key), String(row.pool_id), String(row.sub)];
  return {
    deviceKey,
    poolId,
    sub,
    groupKey: String(row.group_key),
    name: row.name === null ? null : String(row.name),
    rememberedStatus: String(row.remembered_status) as DeviceRememberedStatus,
    confirmed: Number(row.confirmed) === 1,
    srpSalt: row.srp_salt === null ? null : String(row.srp_salt),
    srpVerifier: await openVerifier(
      box,
      deviceVerifierContext(poolId, sub, deviceKey),
      row.srp_verifier === null ? null : String(row.srp_verifier),
    ),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    lastAuthenticatedAt: optionalNumber(row.last_authenticated_at),
    browserBound: row.browser_key_hash !== null && row.browser_key_hash !== undefined,
  };
}

/**
 * The device repository. A device's verifier is sealed with `box` (repos/verifiers.ts), bound to
 * the pool, the user and the device key.
 */
export function deviceRepository(driver: SqlDriver, box: SecretBox = NO_SECRET_BOX) {
  const sealIfClear = (row: SqlRow) =>
    row.srp_verifier === null
      ? Promise.resolve(0)
      : sealClearVerifier(
          driver,
          box,
          "devices",
          "device_key = ? AND pool_id = ? AND sub = ?",
          [String(row.device_key), String(row.pool_id), String(row.sub)],
          deviceVerifierContext(String(row.pool_id), String(row.sub), String(row.device_key)),
          String(row.srp_verifier),
        );
  return {
    /**
     * Stores a new, unconfirmed device for the user (authenticated now, by the sign-in that made
     * it) and, in the same batch, drops the user's unconfirmed devices older than
     * {@link UNCONFIRMED_DEVICE_MS} and all but the newest {@link UNCONFIRMED_DEVICES_KEPT}.
     * Confirmed devices are never dropped here.
     */
    async create(
      device: Pick<DeviceRecord, "deviceKey" | "poolId" | "sub" | "groupKey">,
      now: number,
    ): Promise<DeviceRecord> {
      const { deviceKey, poolId, sub } = device;
      const [, inserted] = await driver.batch([
        {
          sql: "DELETE FROM devices WHERE pool_id = ? AND sub = ? AND confirmed = 0 AND created_at <= ?",
          params: [poolId, sub, now - UNCONFIRMED_DEVICE_MS],
        },
        {
          sql: `INSERT INTO devices (device_key, pool_id, sub, group_key, created_at, updated_at, last_authenticated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
          params: [deviceKey, poolId, sub, device.groupKey, now, now, now],
        },
        {
          // Newest first by creation, then by insertion (rowid) for sign-ins of the same millisecond.
          sql: `DELETE FROM devices WHERE pool_id = ? AND sub = ? AND confirmed = 0 AND device_key NOT IN (
                  SELECT device_key FROM devices WHERE pool_id = ? AND sub = ? AND confirmed = 0
                  ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
          params: [poolId, sub, poolId, sub, UNCONFIRMED_DEVICES_KEPT],
        },
      ]);
      return toDevice(inserted!.rows[0]!, box);
    },

    /** The user's device, or `null`. */
    async get(poolId: string, sub: string, deviceKey: string): Promise<DeviceRecord | null> {
      const row = await driver.first(
        `SELECT ${COLUMNS} FROM devices WHERE device_key = ? AND pool_id = ? AND sub = ?`,
        [deviceKey, poolId, sub],
      );
      if (row === null) return null;
      const device = await toDevice(row, box);
      await sealIfClear(row);
      return device;
    },

    /**
     * Stores a device the hosted UI remembers for the user: confirmed and remembered at once,
     * with no SRP secret (it never answers DEVICE_SRP_AUTH), bound to the browser by
     * `browserKeyHash`, the keyed hash of its cookie; in the same batch, all but the user's
     * {@link BROWSER_DEVICES_KEPT} browsers used last are dropped.
     */
    async rememberBrowser(
      device: Pick<DeviceRecord, "deviceKey" | "poolId" | "sub" | "groupKey" | "name"> & {
        browserKeyHash: string;
      },
      now: number,
    ): Promise<DeviceRecord> {
      const { poolId, sub } = device;
      const [inserted] = await driver.batch([
        {
          sql: `INSERT INTO devices (device_key, pool_id, sub, group_key, name, remembered_status, confirmed, browser_key_hash, created_at, updated_at, last_authenticated_at)
                VALUES (?, ?, ?, ?, ?, 'remembered', 1, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
          params: [
            device.deviceKey,
            poolId,
            sub,
            device.groupKey,
            device.name,
            device.browserKeyHash,
            now,
            now,
            now,
          ],
        },
        {
          // The newest BROWSER_DEVICES_KEPT by last use, then by insertion (rowid) within a millisecond.
          sql: `DELETE FROM devices WHERE pool_id = ? AND sub = ? AND browser_key_hash IS NOT NULL AND device_key NOT IN (
                  SELECT device_key FROM devices WHERE pool_id = ? AND sub = ? AND browser_key_hash IS NOT NULL
                  ORDER BY COALESCE(last_authenticated_at, created_at) DESC, rowid DESC LIMIT ?)`,
          params: [poolId, sub, poolId, sub, BROWSER_DEVICES_KEPT],
        },
      ]);
      return toDevice(inserted!.rows[0]!, box);
    },

    /** The user's device bound to the browser whose cookie hashes to `browserKeyHash`, or `null`. */
    async ofBrowser(poolId: string, sub: string, browserKeyHash: string): Promise<DeviceRecord | null> {
      const row = await driver.first(
        `SELECT ${COLUMNS} FROM devices WHERE browser_key_hash = ? AND pool_id = ? AND sub = ?`,
        [browserKeyHash, poolId, sub],
      );
      return row === null ? null : toDevice(row, box);
    },

    /** Whether any user of the pool has this device. */
    async exists(poolId: string, deviceKey: string): Promise<boolean> {
      return (
        (await driver.first("SELECT 1 AS found FROM devices WHERE device_key = ? AND pool_id = ?", [
          deviceKey,
          poolId,
        ])) !== null
      );
    },

    /** Confirms an unconfirmed device once, storing its verifier; `false` when none (or already confirmed). */
    async confirm(
      poolId: string,
      sub: string,
      deviceKey: string,
      proof: {
        salt: string;
        verifier: string;
        name: string | null;
        rememberedStatus: DeviceRememberedStatus;
      },
      now: number,
    ): Promise<boolean> {
      const result = await driver.run(
        `UPDATE devices SET confirmed = 1, srp_salt = ?, srp_verifier = ?, name = ?, remembered_status = ?, updated_at = ?
         WHERE device_key = ? AND pool_id = ? AND sub = ? AND confirmed = 0`,
        [
          proof.salt,
          await sealVerifier(box, deviceVerifierContext(poolId, sub, deviceKey), proof.verifier),
          proof.name,
          proof.rememberedStatus,
          now,
          deviceKey,
          poolId,
          sub,
        ],
      );
      return result.changes > 0;
    },

    /** Sets the remembered status; `false` when the user has no such device. */
    async setStatus(
      poolId: string,
      sub: string,
      deviceKey: string,
      status: DeviceRememberedStatus,
      now: number,
    ): Promise<boolean> {
      const result = await driver.run(
        "UPDATE devices SET remembered_status = ?, updated_at = ? WHERE device_key = ? AND pool_id = ? AND sub = ?",
        [status, now, deviceKey, poolId, sub],
      );
      return result.changes > 0;
    },

    /**
     * Deletes up to `limit` devices, of any user, that were created at or before `before` and
     * never confirmed; returns how many. Pass {@link UNCONFIRMED_DEVICE_MS} before now: a client
     * confirms a device right after the sign-in that offered it.
     */
    async purgeUnconfirmed(before: number, limit: number): Promise<number> {
      return await purgeBatch(
        driver,
        "devices",
        "device_key",
        "confirmed = 0 AND created_at <= ?",
        [before],
        limit,
      );
    },

    /** Records a sign-in with the device. */
    async touch(deviceKey: string, now: number): Promise<void> {
      await driver.run("UPDATE devices SET last_authenticated_at = ? WHERE device_key = ?", [now, deviceKey]);
    },

    /**
     * The user's remembered devices by key, `limit` (1-60) at a time: what ListDevices shows.
     * amazon-cognito-identity-js documents that listDevices returns remembered devices (its PR
     * 199), and Amplify's fetchDevices (amplify-js PR 12171) lists a device of a User opt-in pool
     * only once the user remembers it; in a pool that always remembers, every confirmed device.
     */
    async listRemembered(
      poolId: string,
      sub: string,
      options: { limit?: number; nextToken?: string } = {},
    ): Promise<Page<DeviceRecord>> {
      const limit = pageLimit(options.limit, MAX_PAGE);
      const [after] = decodePageToken("devices", options.nextToken, ["string"]) ?? [];
      const rows = await driver.all(
        `SELECT ${COLUMNS} FROM devices
         WHERE sub = ? AND pool_id = ? AND confirmed = 1 AND remembered_status = 'remembered' AND device_key > ?
         ORDER BY device_key LIMIT ?`,
        [sub, poolId, after ?? "", limit + 1],
      );
      return pageOf(await Promise.all(rows.map((row) => toDevice(row, box))), limit, (last) =>
        encodePageToken("devices", [last.deviceKey]),
      );
    },

    /**
     * Seals every device verifier still stored in clear (by a version before verifiers were
     * sealed), each compare-and-set on its clear value; returns how many.
     */
    async sealClearVerifiers(): Promise<number> {
      if (box === NO_SECRET_BOX) return 0;
      const rows = await driver.all(
        `SELECT device_key, pool_id, sub, srp_verifier FROM devices WHERE ${CLEAR_VERIFIER}`,
      );
      let sealed = 0;
      for (const row of rows) sealed += await sealIfClear(row);
      return sealed;
    },

    /**
     * Forgets the device and, in the same batch, unbinds the refresh tokens issued with it: they
     * stay valid, but what they refresh no longer carries `device_key`. `false` when none.
     */
    async forget(poolId: string, sub: string, deviceKey: string): Promise<boolean> {
      const [deleted] = await driver.batch([
        {
          sql: "DELETE FROM devices WHERE device_key = ? AND pool_id = ? AND sub = ?",
          params: [deviceKey, poolId, sub],
        },
        {
          sql: "UPDATE refresh_tokens SET device_key = NULL WHERE device_key = ? AND pool_id = ? AND sub = ?",
          params: [deviceKey, poolId, sub],
        },
      ]);
      return deleted!.changes > 0;
    },
  };
}

/** The device repository's type. */
export type DeviceRepository = ReturnType<typeof deviceRepository>;
