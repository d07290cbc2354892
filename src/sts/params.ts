/**
 * An action's parameters checked against its input shape, with the messages the JSON services use
 * (`1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must
 * not be null`), under STS's code for them, `ValidationError`.
 */
import { AwsError, type Infer, type StructureShape, validateInput } from "../protocol/json/index.js";
import type { QueryParams } from "../protocol/query/form.js";
import { StsError } from "./errors.js";

/**
 * The typed parameters. Members the shape declares as numbers are read from their text; a
 * list member `Name` is read from `Name.member.1`, `Name.member.2`, ... (the protocol's lists).
 *
 * @throws {StsError} `ValidationError` naming every broken constraint.
 */
export function readParams<S extends StructureShape>(shape: S, params: QueryParams): Infer<S> {
  const input: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    if (member.kind === "list") {
      const items: unknown[] = [];
      for (let i = 1; present(params, `${name}.member.${i}`); i += 1)
        items.push(memberValue(params, `${name}.member.${i}`, member.member));
      if (items.length > 0) input[name] = items;
      continue;
    }
    const text = params.get(name);
    if (text !== undefined) input[name] = scalar(text, member.kind);
  }
  try {
    return validateInput(shape, input);
  } catch (error) {
    if (error instanceof AwsError) throw new StsError("ValidationError", error.message);
    throw error;
  }
}

// `Name.member.N` itself for a list of text, `Name.member.N.field` for a list of structures.
function present(params: QueryParams, prefix: string): boolean {
  if (params.has(prefix)) return true;
  for (const key of params.keys()) if (key.startsWith(`${prefix}.`)) return true;
  return false;
}

function memberValue(params: QueryParams, prefix: string, shape: StructureShape["members"][string]): unknown {
  if (shape.kind !== "structure") return scalar(params.get(prefix) ?? "", shape.kind);
  const item: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    const text = params.get(`${prefix}.${name}`);
    if (text !== undefined) item[name] = scalar(text, member.kind);
  }
  return item;
}

// A number the text does not spell stays text, and the shape check refuses it in AWS's words.
function scalar(text: string, kind: string): unknown {
  if ((kind === "integer" || kind === "long") && /^-?\d{1,15}$/.test(text)) return Number(text);
  if (kind === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}
