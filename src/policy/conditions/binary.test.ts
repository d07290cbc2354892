import { describe, expect, it } from "vitest";
import { normalizeContext } from "../context.js";
import type { ConditionClause } from "../types.js";
import { evaluateCondition } from "./index.js";

const clause = (values: readonly string[]): ConditionClause => ({
  operator: "BinaryEquals",
  base: "BinaryEquals",
  family: "Binary",
  negated: false,
  ifExists: false,
  set: undefined,
  key: "k:Blob",
  keyLower: "k:blob",
  values,
});

const check = (values: readonly string[], request: string) =>
  evaluateCondition(clause(values), normalizeContext({ "k:blob": request }), true);

describe("BinaryEquals", () => {
  it.each([
    [["QUJD"], "QUJD", true],
    [["QUJD"], "QUJE", false],
    [["QUJD"], "qujd", false],
    [["AAEC/w=="], "AAEC/w==", true],
    [["QUJD", "AAEC"], "AAEC", true],
    // Compared as bytes: the same byte with and without padding.
    [["QQ=="], "QQ", true],
    [["QQ=="], "QR==", true],
    [["QQ=="], "QUE=", false],
    [["QQ=="], "not base64!", false],
    [["QQ=="], "Q", false],
    [["QQ=="], "", false],
  ])("%j vs %j -> %s", (values, request, expected) => {
    expect(check(values, request).matched).toBe(expected);
  });

  it("explains", () => {
    expect(check(["QQ=="], "QUE=").reason).toBe("k:Blob QUE= equals none of QQ==");
    expect(check(["QQ=="], "%%%").reason).toBe("k:Blob %%% is not base64");
  });
});
