import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { PolicyError } from "../policy/errors.js";
import { parsePolicy } from "../policy/parse.js";
import { parseContextEntries, simulate } from "../policy/simulate.js";
import type { Policy } from "../policy/types.js";
import { loadPolicyFiles } from "../policy/files.node.js";

const USAGE = `usage: cognate policy simulate --policies <dir|file> [--policies ...] [--resource-policy <file>]
                               --action <action> [--action ...] --resource <arn> [--resource ...]
                               [--context key=value ...] [--json]

Evaluates the policies as IAM's SimulateCustomPolicy does and prints each decision with its
explanation. A context key given twice is multivalued. Exit status 0 when every request is
allowed, 1 when one is denied, 2 on a usage or policy error.`;

function policiesFrom(path: string): Policy[] {
  if (statSync(path).isDirectory()) return Object.values(loadPolicyFiles(path));
  return [parsePolicy(readFileSync(path, "utf8"), path, { kind: "identity" })];
}

/** `cognate policy simulate ...`: returns the exit status; writes to the given streams. */
export function policyCli(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  if (argv[0] !== "simulate") {
    err(USAGE);
    return 2;
  }
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv.slice(1),
      options: {
        policies: { type: "string", multiple: true },
        "resource-policy": { type: "string" },
        action: { type: "string", multiple: true },
        resource: { type: "string", multiple: true },
        context: { type: "string", multiple: true },
        json: { type: "boolean" },
      },
      strict: true,
    }));
  } catch (error) {
    err(`cognate policy: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [policyPaths, actions, resources] = [values.policies, values.action, values.resource] as (
    | string[]
    | undefined
  )[];
  if (!policyPaths?.length || !actions?.length || !resources?.length) {
    err(`cognate policy: --policies, --action and --resource are required\n${USAGE}`);
    return 2;
  }
  const context = parseContextEntries((values.context as string[] | undefined) ?? []);
  if (typeof context === "string") {
    err(`cognate policy: ${context}`);
    return 2;
  }
  let results: ReturnType<typeof simulate>;
  try {
    const resourcePath = values["resource-policy"] as string | undefined;
    const resourcePolicy =
      resourcePath === undefined
        ? undefined
        : parsePolicy(readFileSync(resourcePath, "utf8"), resourcePath, { kind: "resource" });
    results = simulate({
      policies: policyPaths.flatMap(policiesFrom),
      resourcePolicy,
      actions,
      resources,
      context,
    });
  } catch (error) {
    const known = error instanceof PolicyError || (error as NodeJS.ErrnoException).code !== undefined;
    err(`cognate policy: ${known ? (error as Error).message : String(error)}`);
    return 2;
  }
  if (values.json === true) out(JSON.stringify({ results }, null, 2));
  else for (const r of results) out(r.explanation.join("\n  "));
  return results.every((r) => r.decision === "Allow") ? 0 : 1;
}
