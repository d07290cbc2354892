import { describe, expect, it } from "vitest";
import { OPERATORS, parseOperator } from "./operators.js";

describe("OPERATORS", () => {
  it("lists the complete table of section 4.4, 27 base operators", () => {
    expect(Object.keys(OPERATORS)).toEqual([
      "StringEquals",
      "StringNotEquals",
      "StringEqualsIgnoreCase",
      "StringNotEqualsIgnoreCase",
      "StringLike",
      "StringNotLike",
      "NumericEquals",
      "NumericNotEquals",
      "NumericLessThan",
      "NumericLessThanEquals",
      "NumericGreaterThan",
      "NumericGreaterThanEquals",
      "DateEquals",
      "DateNotEquals",
      "DateLessThan",
      "DateLessThanEquals",
      "DateGreaterThan",
      "DateGreaterThanEquals",
      "Bool",
      "BinaryEquals",
      "IpAddress",
      "NotIpAddress",
      "ArnEquals",
      "ArnLike",
      "ArnNotEquals",
      "ArnNotLike",
      "Null",
    ]);
  });

  it("marks exactly the negated operators", () => {
    const negated = Object.entries(OPERATORS)
      .filter(([, info]) => info.negated)
      .map(([name]) => name);
    expect(negated).toEqual([
      "StringNotEquals",
      "StringNotEqualsIgnoreCase",
      "StringNotLike",
      "NumericNotEquals",
      "DateNotEquals",
      "NotIpAddress",
      "ArnNotEquals",
      "ArnNotLike",
    ]);
  });

  it("gives each operator its family", () => {
    expect(OPERATORS.StringLike).toEqual({ family: "String", negated: false });
    expect(OPERATORS.NumericGreaterThanEquals).toEqual({ family: "Numeric", negated: false });
    expect(OPERATORS.DateNotEquals).toEqual({ family: "Date", negated: true });
    expect(OPERATORS.Bool).toEqual({ family: "Bool", negated: false });
    expect(OPERATORS.BinaryEquals).toEqual({ family: "Binary", negated: false });
    expect(OPERATORS.NotIpAddress).toEqual({ family: "Ip", negated: true });
    expect(OPERATORS.ArnLike).toEqual({ family: "Arn", negated: false });
    expect(OPERATORS.Null).toEqual({ family: "Null", negated: false });
  });

  it("is frozen, entries included", () => {
    expect(Object.isFrozen(OPERATORS)).toBe(true);
    expect(Object.isFrozen(OPERATORS.StringEquals)).toBe(true);
    expect(() => {
      (OPERATORS as Record<string, unknown>).StringEqualz = { family: "String", negated: false };
    }).toThrow(TypeError);
  });
});

describe("parseOperator", () => {
  it("reads a bare operator", () => {
    expect(parseOperator("StringEquals")).toEqual({
      base: "StringEquals",
      family: "String",
      negated: false,
      ifExists: false,
      set: undefined,
    });
    expect(parseOperator("NotIpAddress")).toEqual({
      base: "NotIpAddress",
      family: "Ip",
      negated: true,
      ifExists: false,
      set: undefined,
    });
    expect(parseOperator("Null")).toEqual({
      base: "Null",
      family: "Null",
      negated: false,
      ifExists: false,
      set: undefined,
    });
  });

  it("reads the IfExists suffix", () => {
    expect(parseOperator("NumericLessThanIfExists")).toEqual({
      base: "NumericLessThan",
      family: "Numeric",
      negated: false,
      ifExists: true,
      set: undefined,
    });
    expect(parseOperator("ArnNotLikeIfExists")).toEqual({
      base: "ArnNotLike",
      family: "Arn",
      negated: true,
      ifExists: true,
      set: undefined,
    });
  });

  it("reads the ForAllValues: and ForAnyValue: prefixes", () => {
    expect(parseOperator("ForAllValues:StringEquals")).toEqual({
      base: "StringEquals",
      family: "String",
      negated: false,
      ifExists: false,
      set: "ForAllValues",
    });
    expect(parseOperator("ForAnyValue:StringNotLikeIfExists")).toEqual({
      base: "StringNotLike",
      family: "String",
      negated: true,
      ifExists: true,
      set: "ForAnyValue",
    });
    expect(parseOperator("ForAnyValue:Null")?.set).toBe("ForAnyValue");
  });

  it("is case-sensitive, like AWS's grammar", () => {
    expect(parseOperator("stringequals")).toBeUndefined();
    expect(parseOperator("StringEQUALS")).toBeUndefined();
    expect(parseOperator("StringEqualsifexists")).toBeUndefined();
    expect(parseOperator("forallvalues:StringEquals")).toBeUndefined();
    expect(parseOperator("ForAnyValues:StringEquals")).toBeUndefined();
    expect(parseOperator("ForAllValue:StringEquals")).toBeUndefined();
  });

  it("rejects IfExists on Null", () => {
    expect(parseOperator("NullIfExists")).toBeUndefined();
    expect(parseOperator("ForAllValues:NullIfExists")).toBeUndefined();
  });

  it("rejects unknown names, stray modifiers and inherited properties", () => {
    for (const name of [
      "",
      "StringEqualz",
      "IfExists",
      "ForAllValues:",
      "ForAnyValue:IfExists",
      "StringEqualsIfExistsIfExists",
      "IfExistsStringEquals",
      "ForAllValues:ForAnyValue:StringEquals",
      "Foo:StringEquals",
      ":StringEquals",
      "toString",
      "constructor",
      "__proto__",
      "hasOwnProperty",
      "StringEquals ",
    ]) {
      expect(parseOperator(name), name).toBeUndefined();
    }
  });

  it("returns a frozen result", () => {
    expect(Object.isFrozen(parseOperator("Bool"))).toBe(true);
  });
});
