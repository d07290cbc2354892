// Bad-input cases generated from an operation's input shape: a valid sample of the whole tree,
// then one mutation per case at each member, list element and map value (missing, null, each
// wrong JSON type, each broken constraint). A new operation or member is covered by its shape.
import type {
  ListShape,
  MapShape,
  Shape,
  StringShape,
  StructureShape,
} from "../../../src/protocol/json/shapes.js";

type Key = string | number;

/** What a case must be answered with: a shape error naming `path`, or (a well-formed input) anything but a 500. */
export type Expectation =
  | { type: "InvalidParameterException"; path: string }
  | { type: "SerializationException" }
  | { type: "well-formed" }
  /** A well-formed input naming a resource that does not exist: one of these errors. */
  | { type: "not-found"; types: readonly string[] }
  /** An error of one of these types, any 4xx status (hand-written cases). */
  | { type: "error"; types: readonly string[] }
  /** Anything in the protocol's shape but a 500 (random input). */
  | { type: "any" };

export interface Case {
  label: string;
  body: Record<string, unknown>;
  expect: Expectation;
}

/**
 * The values resource-naming members take, so a valid sample names (unknown or real) resources;
 * by member name (a list's elements and a map's values under their member's name, a map's keys
 * under `""`).
 */
export type Names = Record<string, string>;

const HUNDRED_KB = 100 * 1024;
// Tried in order for a string member with no name in `Names`: the first that fits is the sample.
const CANDIDATES = [
  "Passw0rd!x",
  "abc",
  "x_0",
  "arn:aws:iam::000000000000:role/none",
  "A",
  "1",
  "Your code is {####}",
  // ManagedLoginBrandingId: a v4 UUID.
  "0d3b9c1e-5b8a-4d2c-9f1e-2a3b4c5d6e7f",
  // Cognito Identity's RolesMap keys.
  "authenticated",
];
// Tried in order for a value that breaks the pattern but keeps within the length bounds.
const PATTERN_BREAKERS = [" ", "\u0000", "\t\n", "é", "%", "a b", "🙂"];
// Java's toString in the validator's messages names members in lowerCamel.
const camel = (name: string) => `${name.charAt(0).toLowerCase()}${name.slice(1)}`;
const scalar = (shape: Shape) => shape.kind === "string" || shape.kind === "integer" || shape.kind === "long";

function fits(shape: StringShape, value: string): boolean {
  if (shape.min !== undefined && value.length < shape.min) return false;
  if (shape.max !== undefined && value.length > shape.max) return false;
  if (shape.enum !== undefined) return shape.enum.includes(value);
  return shape.regex === undefined || shape.regex.test(value);
}

function sampleString(shape: StringShape, name: string, names: Names): string {
  if (shape.enum !== undefined) return shape.enum[0]!;
  const named = names[name];
  for (const candidate of [...(named === undefined ? [] : [named]), ...CANDIDATES]) {
    const padded = candidate.repeat(Math.ceil((shape.min ?? 1) / candidate.length));
    if (fits(shape, padded)) return padded;
  }
  throw new Error(
    `no sample fits ${name} (pattern ${shape.pattern}): add a candidate to test/helpers/bad-input/cases.ts`,
  );
}

/** A valid value of `shape`; `full` fills optional members and gives each list and map one element. */
export function sample(shape: Shape, name: string, names: Names, full: boolean): unknown {
  switch (shape.kind) {
    case "string":
      return sampleString(shape, name, names);
    case "integer":
    case "long":
      return Math.min(Math.max(1, shape.min ?? 1), shape.max ?? 1);
    case "boolean":
      return true;
    case "document":
      return {};
    case "list":
      return Array.from({ length: Math.max(shape.min ?? 0, full ? 1 : 0) }, () =>
        sample(shape.member, name, names, full),
      );
    case "map": {
      const count = Math.max(shape.min ?? 0, full ? 1 : 0);
      const key = sampleString(shape.key, "", names);
      return Object.fromEntries(
        Array.from({ length: count }, (_, i) => [
          i === 0 ? key : `${key}${i}`,
          sample(shape.value, name, names, full),
        ]),
      );
    }
    case "structure":
      return Object.fromEntries(
        Object.entries(shape.members)
          .filter(([, member]) => full || member.required)
          .map(([member, s]) => [member, sample(s, member, names, full)]),
      );
  }
}

/** A place in the sample: its shape, where it is in the body, and the path the validator names. */
export interface Site {
  shape: Shape;
  at: Key[];
  report: string;
  /** A structure member (can be left out); otherwise a list element or map value. */
  member: boolean;
  name: string;
}

/** Every site of `shape` in its full sample `value`, outermost first. */
export function sites(
  shape: StructureShape,
  value: Record<string, unknown>,
  at: Key[] = [],
  report = "",
): Site[] {
  const out: Site[] = [];
  for (const [name, member] of Object.entries(shape.members)) {
    const path = `${report}${report === "" ? "" : "."}${camel(name)}`;
    out.push(...inner({ shape: member, at: [...at, name], report: path, member: true, name }, value[name]));
  }
  return out;
}

function inner(site: Site, value: unknown): Site[] {
  const { shape } = site;
  if (shape.kind === "structure")
    return [site, ...sites(shape, value as Record<string, unknown>, site.at, site.report)];
  if (shape.kind === "list") {
    // A scalar element is reported on the list; a structure element as `list.1.member`.
    const report = scalar(shape.member) ? site.report : `${site.report}.1.member`;
    return [
      site,
      ...inner(
        { shape: shape.member, at: [...site.at, 0], report, member: false, name: site.name },
        (value as unknown[])[0],
      ),
    ];
  }
  if (shape.kind === "map") {
    const key = Object.keys(value as object)[0]!;
    return [
      site,
      ...inner(
        { shape: shape.value, at: [...site.at, key], report: site.report, member: false, name: site.name },
        (value as Record<string, unknown>)[key],
      ),
    ];
  }
  return [site];
}

/** A deep copy of `body` with the value at `at` replaced (or removed, for `undefined`). */
export function mutate(body: Record<string, unknown>, at: Key[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let node = copy as Record<Key, unknown>;
  for (const key of at.slice(0, -1)) node = node[key] as Record<Key, unknown>;
  const last = at.at(-1)!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const WRONG_TYPES: Record<Shape["kind"], unknown[]> = {
  string: [1, true, ["a"], { a: "b" }],
  integer: ["1", true, [1], { n: 1 }],
  long: ["1", false, [1], { n: 1 }],
  boolean: ["maybe", 1, [true], { b: true }],
  document: [],
  list: ["a", 1, true, { 0: "a" }],
  map: ["a", 1, true, ["a"]],
  structure: ["a", 1, true, [{}]],
};

/** The oversized and out-of-range values of a site, each with its expectation. */
function outOfBounds(site: Site, full: unknown): [string, unknown, Expectation][] {
  const { shape, report } = site;
  const invalid: Expectation = { type: "InvalidParameterException", path: report };
  const out: [string, unknown, Expectation][] = [];
  if (shape.kind === "string") {
    if (shape.max !== undefined) out.push([`max+1 (${shape.max + 1})`, "a".repeat(shape.max + 1), invalid]);
    const huge = "a".repeat(HUNDRED_KB);
    out.push(["100 KB", huge, fits(shape, huge) ? { type: "well-formed" } : invalid]);
    if (shape.min !== undefined && shape.min > 0) out.push(["empty", "", invalid]);
    if (shape.enum !== undefined) out.push(["not in the enum", "NOT_IN_THE_ENUM", invalid]);
    if (shape.regex !== undefined) {
      const breaker = PATTERN_BREAKERS.map((b) => b.repeat(Math.ceil((shape.min ?? 1) / b.length))).find(
        (b) => (shape.max === undefined || b.length <= shape.max) && !shape.regex!.test(b),
      );
      if (breaker !== undefined) out.push([`pattern ${JSON.stringify(breaker)}`, breaker, invalid]);
    }
  } else if (shape.kind === "integer" || shape.kind === "long") {
    if (shape.max !== undefined) out.push(["max+1", shape.max + 1, invalid]);
    if (shape.min !== undefined) out.push(["min-1", shape.min - 1, invalid]);
    out.push([
      shape.kind === "integer" ? "2^31" : "2^53",
      shape.kind === "integer" ? 2 ** 31 : 2 ** 53 + 2,
      { type: "SerializationException" },
    ]);
  } else if (shape.kind === "list" || shape.kind === "map") {
    const element = shape.kind === "list" ? (full as unknown[])[0] : Object.values(full as object)[0];
    if (shape.max !== undefined)
      out.push([`${shape.max + 1} elements`, collection(shape, shape.max + 1, element), invalid]);
    if (shape.min !== undefined && shape.min > 0)
      out.push(["no elements", collection(shape, 0, element), invalid]);
    if (shape.kind === "map") {
      const bad =
        (shape.key.min ?? 0) > 0
          ? ""
          : shape.key.max !== undefined
            ? "k".repeat(shape.key.max + 1)
            : undefined;
      if (bad !== undefined) out.push(["bad key", { [bad]: element }, invalid]);
    }
  }
  return out;
}

function collection(shape: ListShape | MapShape, length: number, element: unknown): unknown {
  const items = Array.from({ length }, () => structuredClone(element));
  return shape.kind === "list" ? items : Object.fromEntries(items.map((item, i) => [`key${i}`, item]));
}

/** Every case of one operation, mutated from its full sample. */
export function badInputCases(shape: StructureShape, names: Names): Case[] {
  const base = sample(shape, "", names, true) as Record<string, unknown>;
  const cases: Case[] = [];
  for (const site of sites(shape, base)) {
    const where = site.at.join(".");
    const add = (what: string, value: unknown, expect: Expectation) =>
      cases.push({ label: `${where}: ${what}`, body: mutate(base, site.at, value), expect });
    const missing: Expectation = { type: "InvalidParameterException", path: site.report };
    if (site.member) {
      if (site.shape.required) add("missing", undefined, missing);
      add("null", null, site.shape.required ? missing : { type: "well-formed" });
    } else {
      add("null element", null, missing);
    }
    for (const wrong of WRONG_TYPES[site.shape.kind])
      add(`wrong type ${JSON.stringify(wrong)}`, wrong, { type: "SerializationException" });
    const full = site.at.reduce<unknown>((node, key) => (node as Record<Key, unknown>)[key], base);
    for (const [what, value, expect] of outOfBounds(site, full)) add(what, value, expect);
  }
  return cases;
}
