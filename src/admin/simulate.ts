import { PolicyError } from "../policy/errors.js";
import { parsePolicy } from "../policy/parse.js";
import { simulate, type SimulationResult } from "../policy/simulate.js";
import type { ContextValue } from "../policy/types.js";
import { awsJsonError, awsJsonOutput } from "../protocol/errors.js";

// IAM's names for decisions (SimulateCustomPolicy's EvalDecision).
const DECISIONS = { Allow: "allowed", ExplicitDeny: "explicitDeny", ImplicitDeny: "implicitDeny" } as const;
const MAX_ITEMS = 100;

type Input = Record<string, unknown>;

function strings(input: Input, field: string, required: boolean): string[] | string {
  const value = input[field];
  if (value === undefined && !required) return [];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MAX_ITEMS ||
    !value.every((v) => typeof v === "string" && v !== "")
  ) {
    return `${field} must be a list of 1 to ${MAX_ITEMS} non-empty strings`;
  }
  return value as string[];
}

// ContextEntries: [{ContextKeyName, ContextKeyValues, ContextKeyType}], as SimulateCustomPolicy takes them.
function contextOf(input: Input): Record<string, ContextValue> | string {
  const entries = input.ContextEntries ?? [];
  if (!Array.isArray(entries) || entries.length > MAX_ITEMS)
    return `ContextEntries must be a list of at most ${MAX_ITEMS} entries`;
  const context: Record<string, ContextValue> = {};
  for (const [i, entry] of entries.entries()) {
    const { ContextKeyName: name, ContextKeyValues: values, ContextKeyType: type } = (entry ?? {}) as Input;
    if (
      typeof name !== "string" ||
      name === "" ||
      !Array.isArray(values) ||
      !values.every((v) => typeof v === "string")
    ) {
      return `ContextEntries[${i}] must have a ContextKeyName and ContextKeyValues (strings)`;
    }
    context[name] = typeof type === "string" && type.endsWith("List") ? values : (values[0] ?? "");
  }
  return context;
}

function output(results: SimulationResult[]) {
  return {
    EvaluationResults: results.map((r) => ({
      EvalActionName: r.action,
      EvalResourceName: r.resource,
      EvalDecision: DECISIONS[r.decision],
      MatchedStatements: r.matchedStatements.map((s) => ({
        SourcePolicyId: s.slice(0, s.indexOf(" Statement[")),
        Statement: s,
      })),
      Explanation: r.explanation,
    })),
  };
}

/**
 * `POST /admin/policy/simulate`: IAM's SimulateCustomPolicy over AWS JSON. The input names are
 * IAM's (`PolicyInputList` of policy documents as JSON text, `ActionNames`, `ResourceArns`,
 * `ResourcePolicy`, `ContextEntries`); the output is `EvaluationResults` with `EvalDecision`,
 * `MatchedStatements` and cognate's `Explanation`. The body has been verified (SigV4) by the caller.
 */
export function simulateHandler(body: Uint8Array): Response {
  let input: Input;
  try {
    input = JSON.parse(new TextDecoder().decode(body)) as Input;
    if (typeof input !== "object" || input === null || Array.isArray(input)) throw new Error("not an object");
  } catch {
    return awsJsonError("SerializationException", "the request body is not a JSON object");
  }
  const documents = strings(input, "PolicyInputList", true);
  const actions = strings(input, "ActionNames", true);
  const resources = input.ResourceArns === undefined ? ["*"] : strings(input, "ResourceArns", true);
  const context = contextOf(input);
  for (const problem of [documents, actions, resources, context]) {
    if (typeof problem === "string") return awsJsonError("InvalidInputException", problem);
  }
  try {
    const policies = (documents as string[]).map((text, i) =>
      parsePolicy(text, `PolicyInputList.${i + 1}`, { kind: "identity" }),
    );
    const resourcePolicy =
      typeof input.ResourcePolicy === "string"
        ? parsePolicy(input.ResourcePolicy, "ResourcePolicy", { kind: "resource" })
        : undefined;
    const results = simulate({
      policies,
      resourcePolicy,
      actions: actions as string[],
      resources: resources as string[],
      context: context as Record<string, ContextValue>,
    });
    return awsJsonOutput(output(results));
  } catch (error) {
    if (error instanceof PolicyError) return awsJsonError("MalformedPolicyDocumentException", error.message);
    throw error;
  }
}
