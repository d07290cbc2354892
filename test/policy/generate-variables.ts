// Generated policy/request pairs for the differential test's second corpus (issue 17): every
// statement leans on policy variables, in Resource/NotResource and in String and Arn condition
// values, with keys present, absent or multivalued, with and without defaults, and the escapes.
import {
  ACCOUNT,
  type Case,
  maybeList,
  modifier,
  pick,
  REQUESTS,
  rng,
  some,
  STRING_OPERATORS,
} from "./generate.js";

// Keys a variable may name: single-valued when present, `jwt:groups` multivalued, `aws:missing` never present.
const KEYS = ["aws:username", "jwt:sub", "aws:PrincipalTag/team", "jwt:tenant", "jwt:groups", "aws:missing"];

// A variable as written: bare, with a default, in another case, with spaces; or an escape.
function variable(r: () => number): string {
  const key = pick(r, KEYS);
  const roll = r();
  if (roll < 0.45) return `\${${key}}`;
  if (roll < 0.7) return `\${${key}, '${pick(r, ["bob", "alice", "blue", "u-1", "x"])}'}`;
  if (roll < 0.8) return `\${${key.toUpperCase()}}`;
  if (roll < 0.9) return `\${ ${key} }`;
  return pick(r, ["${*}", "${?}", "${$}"]);
}

// The request resource with one path part (or its tail) replaced by a variable, so that some
// value of it matches; or an ARN elsewhere (another region or service) holding one.
function resourcePattern(r: () => number, resource: string): string {
  const roll = r();
  if (roll < 0.15) return `arn:aws:execute-api:ap-south-1:${ACCOUNT}:api1/*/${variable(r)}/*`;
  if (roll < 0.25) return `arn:aws:s3:::bucket/home/${variable(r)}/*`;
  if (roll < 0.3) return "arn:aws:s3:::bucket/*";
  const colon = resource.split(":", 5).join(":").length + 1;
  const head = resource.slice(0, colon);
  const separator = resource.slice(colon).includes("/") ? "/" : ":";
  const parts = resource.slice(colon).split(separator);
  // Mostly past the resource type (the first part), where iam-simulate substitutes too.
  const at = parts.length > 1 && r() < 0.9 ? 1 + Math.floor(r() * (parts.length - 1)) : 0;
  const replaced = parts.map((part, i) => (i === at ? variable(r) : part));
  const pattern = head + replaced.join(separator);
  return r() < 0.3 ? `${head + replaced.slice(0, at + 1).join(separator)}${separator}*` : pattern;
}

const ARN_OPERATORS = ["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"];

function condition(r: () => number): Record<string, Record<string, string | string[]>> {
  if (r() < 0.7) {
    const values = () =>
      pick(r, [variable(r), `${variable(r)}*`, `x${variable(r)}`, pick(r, ["bob", "blue", "u-1"])]);
    const key = pick(r, ["aws:username", "jwt:sub", "jwt:user", "jwt:groups", "aws:missing"]);
    return {
      [modifier(r, pick(r, STRING_OPERATORS))]: { [key]: maybeList(r, some(r, [values(), values()], 2)) },
    };
  }
  const values = () =>
    pick(r, [
      `arn:aws:iam::${ACCOUNT}:user/${variable(r)}`,
      `arn:aws:iam::*:role/${variable(r)}`,
      `arn:aws:iam::${ACCOUNT}:*`,
    ]);
  const key = pick(r, ["aws:PrincipalArn", "jwt:roles", "aws:missing"]);
  return { [modifier(r, pick(r, ARN_OPERATORS))]: { [key]: maybeList(r, some(r, [values(), values()], 2)) } };
}

function context(r: () => number): Record<string, string | string[]> {
  const all: Record<string, string | string[]> = {
    "aws:username": pick(r, ["bob", "Bob", "alice", "b*"]),
    "jwt:sub": pick(r, ["u-1", "bob", "prod"]),
    "jwt:user": pick(r, ["bob", "u-1", "blue"]),
    "aws:PrincipalTag/team": pick(r, ["blue", "GET"]),
    "jwt:tenant": pick(r, ["orders", "home", "api1"]),
    "jwt:groups": pick(r, [["bob"], ["bob", "blue"], []]),
    "aws:PrincipalArn": pick(r, [`arn:aws:iam::${ACCOUNT}:user/bob`, `arn:aws:iam::${ACCOUNT}:role/blue`]),
    "jwt:roles": pick(r, [[`arn:aws:iam::${ACCOUNT}:role/blue`], [`arn:aws:iam::${ACCOUNT}:user/bob`, "x"]]),
  };
  // Each key present with probability 0.6: absent keys are what this corpus is about.
  return Object.fromEntries(Object.entries(all).filter(() => r() < 0.6));
}

function statement(r: () => number, action: string, resource: string): Record<string, unknown> {
  const s: Record<string, unknown> = { Effect: r() < 0.45 ? "Deny" : "Allow" };
  s.Action = r() < 0.8 ? action : pick(r, ["*", `${action.slice(0, action.indexOf(":"))}:*`, "ec2:*"]);
  const resources = some(r, [resourcePattern(r, resource), resourcePattern(r, resource), resource, "*"], 2);
  const roll = r();
  if (roll < 0.5) s.NotResource = maybeList(r, resources);
  else if (roll < 0.8) s.Resource = maybeList(r, resources);
  else s.Resource = "*";
  if (r() < 0.6) {
    const blocks = [condition(r), ...(r() < 0.3 ? [condition(r)] : [])];
    const merged: Record<string, Record<string, string | string[]>> = {};
    for (const block of blocks)
      for (const [op, keys] of Object.entries(block)) merged[op] = { ...merged[op], ...keys };
    s.Condition = merged;
  }
  return s;
}

/** `n` cases from `seed`, every statement holding policy variables (Version 2012-10-17). */
export function generateVariableCases(n: number, seed: number): Case[] {
  const r = rng(seed);
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    const [action, resource] = pick(r, REQUESTS);
    const statements = Array.from({ length: 1 + Math.floor(r() * 2) }, () => statement(r, action, resource));
    // An Allow of everything behind the statements, half the time, so that a Deny shows when it applies.
    if (r() < 0.5) statements.unshift({ Effect: "Allow", Action: "*", Resource: "*" });
    cases.push({
      name: `variable case ${i} (seed ${seed})`,
      policies: [{ Version: "2012-10-17", Statement: statements }],
      action,
      resource,
      context: context(r),
    });
  }
  return cases;
}
