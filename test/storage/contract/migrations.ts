import { describe, expect, it } from "vitest";
import { migrate, MIGRATIONS, type Migration } from "../../../src/storage/index.js";
import { outcomes, type Context } from "./fixtures.js";

const PROBE: Migration = {
  id: 1001,
  name: "contract probe",
  statements: ["CREATE TABLE contract_probe (id TEXT PRIMARY KEY, n INTEGER NOT NULL)"],
};

export function migrationsContract(ctx: Context): void {
  describe("migrations", () => {
    it("records every migration once, and a second run applies nothing", async () => {
      const { driver } = ctx();
      expect(await migrate(driver)).toEqual([]);
      const rows = await driver.all<{ id: number }>(
        "SELECT id FROM schema_migrations WHERE id < 1000 ORDER BY id",
      );
      expect(rows.map((row) => Number(row.id))).toEqual(MIGRATIONS.map((m) => m.id));
    });

    it("applies a pending migration exactly once when two runs race", async () => {
      const { driver } = ctx();
      const { won, lost } = await outcomes([
        migrate(driver, [PROBE]),
        migrate(driver, [PROBE]),
        migrate(driver, [PROBE]),
      ]);
      expect(lost).toEqual([]);
      expect(won.flat()).toEqual([1001]);
      expect(await driver.all("SELECT id FROM schema_migrations WHERE id = 1001")).toHaveLength(1);
      await driver.run("INSERT INTO contract_probe (id, n) VALUES ('a', 1)");
      expect(await driver.first("SELECT n FROM contract_probe WHERE id = 'a'")).toEqual({ n: 1 });
    });

    it("rolls a failing migration back whole, and records nothing", async () => {
      const { driver } = ctx();
      const broken: Migration = {
        id: 1002,
        name: "broken",
        statements: [
          "CREATE TABLE contract_probe (id TEXT PRIMARY KEY, n INTEGER NOT NULL)",
          "CREATE TABLE nonsense (",
        ],
      };
      await expect(migrate(driver, [broken])).rejects.toThrow();
      expect(await driver.first("SELECT id FROM schema_migrations WHERE id = 1002")).toBeNull();
      // The first statement was rolled back too: the probe table can be created now.
      expect(await migrate(driver, [PROBE])).toEqual([1001]);
    });
  });

  describe("the driver", () => {
    it("rolls back a whole batch when one statement fails, and reports constraint errors by kind", async () => {
      const { driver } = ctx();
      await migrate(driver, [PROBE]);
      await expect(
        driver.batch([
          { sql: "INSERT INTO contract_probe (id, n) VALUES (?, ?)", params: ["x", 1] },
          { sql: "INSERT INTO contract_probe (id, n) VALUES (?, ?)", params: ["x", 2] },
        ]),
      ).rejects.toMatchObject({ name: "SqlConstraintError", kind: "unique" });
      expect(await driver.all("SELECT id FROM contract_probe")).toEqual([]);
      await expect(
        driver.run("INSERT INTO contract_probe (id, n) VALUES (?, ?)", ["y", null]),
      ).rejects.toMatchObject({ kind: "not_null" });
    });

    it("returns rows and change counts for each statement of a batch", async () => {
      const { driver } = ctx();
      await migrate(driver, [PROBE]);
      const results = await driver.batch([
        { sql: "INSERT INTO contract_probe (id, n) VALUES (?, ?), (?, ?)", params: ["a", 1, "b", 2] },
        { sql: "UPDATE contract_probe SET n = n + 10 WHERE id = ? RETURNING id, n", params: ["a"] },
        { sql: "SELECT id, n FROM contract_probe ORDER BY id" },
      ]);
      expect(results.map((r) => r.changes)).toEqual([2, 1, 0]);
      expect(results[1]!.rows).toEqual([{ id: "a", n: 11 }]);
      expect(results[2]!.rows).toEqual([
        { id: "a", n: 11 },
        { id: "b", n: 2 },
      ]);
      expect(await driver.first("SELECT n FROM contract_probe WHERE id = ?", ["zzz"])).toBeNull();
      expect(await driver.run("DELETE FROM contract_probe")).toEqual({ changes: 2 });
    });

    it("round-trips epoch milliseconds, text and null exactly", async () => {
      const { driver } = ctx();
      await migrate(driver, [
        {
          id: 1003,
          name: "values",
          statements: ["CREATE TABLE contract_values (id TEXT PRIMARY KEY, at BIGINT, label TEXT)"],
        },
      ]);
      try {
        await driver.run("INSERT INTO contract_values (id, at, label) VALUES (?, ?, ?), (?, ?, ?)", [
          "a",
          8_640_000_000_000,
          "ünïcödé ✓ 🐢",
          "b",
          null,
          null,
        ]);
        expect(await driver.all("SELECT id, at, label FROM contract_values ORDER BY id")).toEqual([
          { id: "a", at: 8_640_000_000_000, label: "ünïcödé ✓ 🐢" },
          { id: "b", at: null, label: null },
        ]);
      } finally {
        await driver.batch([
          { sql: "DROP TABLE contract_values" },
          { sql: "DELETE FROM schema_migrations WHERE id = 1003" },
        ]);
      }
    });
  });
}
