// The engine against @cloud-copilot/iam-simulate (a dev-only oracle, AGPL: never imported from
// src/) over generated policy/request pairs. Every disagreement is either fixed in the engine or
// listed in KNOWN_DEVIATIONS with the reason; the test fails on any other.
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { describe, expect, it } from "vitest";
import { evaluate, parsePolicy } from "../../src/policy/index.js";
import { generateCases, type Case } from "./generate.js";

const ACCOUNT = "123456789012";
const ORACLE: Record<string, string> = {
  Allowed: "Allow",
  ExplicitlyDenied: "ExplicitDeny",
  ImplicitlyDenied: "ImplicitDeny",
};

function oracle(c: Case): string {
  const result = runUnsafeSimulation(
    {
      request: {
        principal: `arn:aws:iam::${ACCOUNT}:user/bob`,
        action: c.action,
        resource: { resource: c.resource, accountId: ACCOUNT },
        contextVariables: c.context,
      },
      identityPolicies: c.policies.map((policy, i) => ({ name: `p${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    } as never,
    { simulationMode: "Strict" } as never,
  );
  return ORACLE[String(result)] ?? `oracle error: ${JSON.stringify(result)}`;
}

function ours(c: Case): string {
  const policies = c.policies.map((p, i) => parsePolicy(p, `p${i}`));
  return evaluate(policies, { action: c.action, resource: c.resource, context: c.context }).decision;
}

/**
 * Where iam-simulate and AWS's documentation part ways, we follow the documentation (or, where
 * the documentation is silent, fail closed). Each entry recognises the cases it excuses, and
 * `expected` pins how many disagreements it excuses in this seeded corpus: a new bug in a case
 * that merely contains a deviation's feature changes the count, and fails the test.
 */
const text = (c: Case) => JSON.stringify(c.policies);
const sourceIp = (c: Case) => String(c.context["aws:SourceIp"] ?? "");
const KNOWN_DEVIATIONS: { why: string; applies: (c: Case) => boolean; expected: number }[] = [
  {
    why: "iam-simulate substitutes policy variables (and ${*} escapes) under Version 2008-10-17; AWS leaves them literal there",
    applies: (c) => c.policies.some((p) => p.Version === "2008-10-17") && text(c).includes("${"),
    expected: 3,
  },
  {
    why: 'iam-simulate reads a numeric request value by its prefix ("1e3" as 1); a value that is not a decimal number matches nothing',
    applies: (c) => c.context["jwt:level"] === "1e3" && /Numeric[^"]*":\{[^}]*jwt:level/.test(text(c)),
    expected: 5,
  },
  {
    why: "iam-simulate's 0.0.0.0/0 contains no address; it contains every IPv4 address",
    applies: (c) => text(c).includes("0.0.0.0/0") && sourceIp(c).includes("."),
    expected: 5,
  },
  {
    why: "iam-simulate finds an IPv6 address neither in nor out of a bare IPv4 address (no /prefix); it is not in it",
    applies: (c) => sourceIp(c).includes(":") && /"\d+\.\d+\.\d+\.\d+"/.test(text(c)),
    expected: 5,
  },
];

describe("differential: engine vs iam-simulate", () => {
  const { cases, families } = generateCases(2500, 20261126);

  it("covers every operator family", () => {
    expect([...families].sort()).toEqual([
      "Arn",
      "Binary",
      "Bool",
      "Date",
      "Ip",
      "Null",
      "Numeric",
      "String",
    ]);
  });

  it("agrees on 2,500 generated cases, apart from documented deviations", () => {
    const disagreements: string[] = [];
    const excused = KNOWN_DEVIATIONS.map(() => 0);
    const decisions = new Map<string, number>();
    for (const c of cases) {
      const expected = oracle(c);
      const actual = ours(c);
      decisions.set(actual, (decisions.get(actual) ?? 0) + 1);
      if (expected === actual) continue;
      const deviation = KNOWN_DEVIATIONS.findIndex((d) => d.applies(c));
      if (deviation >= 0) {
        excused[deviation]!++;
        continue;
      }
      disagreements.push(
        `${c.name}: iam-simulate ${expected}, cognate ${actual}\n${JSON.stringify({ policies: c.policies, action: c.action, resource: c.resource, context: c.context })}`,
      );
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    // The generator must exercise all three outcomes in earnest, and excuse few cases.
    for (const d of ["Allow", "ExplicitDeny", "ImplicitDeny"])
      expect(decisions.get(d) ?? 0, `${d} in ${JSON.stringify([...decisions])}`).toBeGreaterThan(
        cases.length / 10,
      );
    expect(Object.fromEntries(KNOWN_DEVIATIONS.map((d, i) => [d.why, excused[i]]))).toEqual(
      Object.fromEntries(KNOWN_DEVIATIONS.map((d) => [d.why, d.expected])),
    );
  });
});
