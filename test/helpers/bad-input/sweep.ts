// Sending a sweep of bad-input cases and collecting what is wrong with the answers, and the seeded
// random mutations of a valid input: what every service's bad-input suite shares.
import type { StructureShape } from "../../../src/protocol/json/shapes.js";
import { mutate, sample, sites, type Expectation, type Names } from "./cases.js";
import { inPool, problemOf, type Answer, type Call, type WireChanges } from "./wire.js";

/** One request of a sweep: the operation, what it is, its body and what must answer it. */
export interface Sent {
  operation: string;
  label: string;
  body: string;
  expect: Expectation;
  /** A body that is no JSON object: the error may come without a message, as Coral sends it. */
  bare?: boolean;
  /** Headers changed from what an SDK sends. */
  changes?: WireChanges;
}

/** A check beyond `problemOf`, for one answer: what is wrong with it, or undefined. */
export type ExtraCheck = (sent: Sent, answer: Answer) => string | undefined;

/**
 * Sends each, `limit` at a time; returns every problem found, and the answers by operation.
 *
 * @example
 * ```ts
 * const { problems } = await sendAll(call, cases);
 * expect(problems).toEqual([]);
 * ```
 */
export async function sendAll(
  call: Call,
  cases: readonly Sent[],
  limit = 8,
  extra?: ExtraCheck,
): Promise<{ problems: string[]; answers: Map<string, Answer[]> }> {
  const problems: string[] = [];
  const answers = new Map<string, Answer[]>();
  await inPool(cases, limit, async (sent) => {
    let answer: Answer;
    try {
      answer = await call(sent.operation, sent.body, sent.changes);
    } catch (error) {
      problems.push(`${sent.operation} ${sent.label}: ${(error as Error).message}`);
      return;
    }
    if (!answers.has(sent.operation)) answers.set(sent.operation, []);
    answers.get(sent.operation)!.push(answer);
    const problem = problemOf(answer, sent.expect, sent.bare) ?? extra?.(sent, answer);
    if (problem !== undefined) problems.push(`${sent.operation} ${sent.label}: ${problem}`);
  });
  return { problems, answers };
}

/** mulberry32: the same mutations on every run. */
export function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values that are wrong almost anywhere. */
export const JUNK: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  1e308,
  "",
  " ",
  "a",
  "true",
  "60",
  "x".repeat(3000),
  "é🙂\u0000",
  "__proto__",
  "constructor",
  [],
  [null],
  [[]],
  [{}],
  {},
  { a: null },
  JSON.parse('{"__proto__":{"Username":"x"}}'),
  { "": "" },
];

/** A junk value, or a small array or object of them. */
export function junk(random: () => number, depth: number): unknown {
  const roll = random();
  if (depth > 3 || roll < 0.6) return JUNK[Math.floor(random() * JUNK.length)];
  if (roll < 0.8) return Array.from({ length: Math.floor(random() * 4) }, () => junk(random, depth + 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(random() * 4) }, (_, i) => [`k${i}`, junk(random, depth + 1)]),
  );
}

/** Does `body` still hold the parent of `at` (an earlier mutation may have replaced it)? */
function reachable(body: unknown, at: readonly (string | number)[]): boolean {
  let node = body;
  for (const key of at.slice(0, -1)) {
    if (typeof node !== "object" || node === null) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return typeof node === "object" && node !== null;
}

/**
 * The full sample of `shape` with one to three random mutations: a member removed, an unknown
 * member added, a value replaced with junk.
 */
export function mutated(random: () => number, shape: StructureShape, names: Names): Record<string, unknown> {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  let body = sample(shape, "", names, true) as Record<string, unknown>;
  const places = sites(shape, body);
  for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
    const site = pick(places);
    if (!reachable(body, site.at)) continue;
    const roll = random();
    body =
      roll < 0.15
        ? mutate(body, site.at, undefined)
        : roll < 0.25
          ? { ...body, [`Unknown${n}`]: pick(JUNK) }
          : mutate(body, site.at, roll < 0.6 ? pick(JUNK) : junk(random, 0));
  }
  return body;
}
