import { describe, expect, it } from "vitest";
import { applyEnv } from "./config-env.js";
import { ConfigError, resolveConfig } from "./config.js";
import { configRetention, DEFAULT_RETENTION_CONFIG, sweepOptions } from "./config-retention.js";
import { OptionsError } from "./util/validate.js";

describe("retention in the configuration", () => {
  it("defaults to Cognito's two years of auth events, a sweep a minute, 500 rows a batch", () => {
    expect(resolveConfig({}).retention).toEqual({ authEventDays: 730, intervalSeconds: 60, batchSize: 500 });
    expect(sweepOptions(DEFAULT_RETENTION_CONFIG)).toEqual({
      authEventsMs: 730 * 86_400_000,
      batchSize: 500,
    });
  });

  it("takes each field within its range, and names the field it refuses", () => {
    expect(configRetention({ authEventDays: 90, intervalSeconds: 0, batchSize: 10_000 })).toEqual({
      authEventDays: 90,
      intervalSeconds: 0,
      batchSize: 10_000,
    });
    const refused = (value: unknown) => {
      try {
        configRetention(value);
      } catch (error) {
        return error instanceof OptionsError ? error.message : String(error);
      }
      return "accepted";
    };
    expect(refused({ authEventDays: 0 })).toBe(
      "retention.authEventDays: must be an integer from 1 to 3650, got 0",
    );
    expect(refused({ batchSize: 1.5 })).toBe(
      "retention.batchSize: must be an integer from 1 to 10000, got 1.5",
    );
    expect(refused({ intervalSeconds: "60" })).toBe(
      'retention.intervalSeconds: must be an integer from 0 to 86400, got "60"',
    );
    expect(refused({ keepForever: true })).toMatch(/^retention\.keepForever: unknown field/);
  });

  it("is overridden by the environment, which is named when it is wrong", () => {
    const config = applyEnv(resolveConfig({ retention: { batchSize: 100 } }), {
      COGNATE_AUTH_EVENT_RETENTION_DAYS: "30",
      COGNATE_RETENTION_INTERVAL_SECONDS: "0",
    });
    expect(config.retention).toEqual({ authEventDays: 30, intervalSeconds: 0, batchSize: 100 });
    expect(() => applyEnv(resolveConfig({}), { COGNATE_RETENTION_BATCH_SIZE: "lots" })).toThrow(
      new ConfigError(
        "environment",
        "COGNATE_RETENTION_BATCH_SIZE",
        'must be an integer from 1 to 10000, got "lots"',
      ),
    );
  });
});
