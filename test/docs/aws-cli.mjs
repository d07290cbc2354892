#!/usr/bin/env node
// The `aws` of the tour's test (test/docs/tour.test.ts): a small translator of the AWS CLI's command
// line onto the AWS SDK v3, for `aws cognito-idp <operation> ...` only. It is not the AWS CLI: it reads
// what the tour writes (kebab-case operation and parameter names, a list as several values, the
// `Key=value,Key=value` shorthand for maps and structures, JSON for either, `--flag` / `--no-flag`
// for booleans, `--query` on a dotted path, `--output json|text`) and refuses anything else, so a
// tour line it cannot read fails the test instead of being guessed. Each parameter's type comes from
// the SDK's own schema of the operation, as the CLI's comes from the service model; credentials and
// region come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION), read by the
// SDK's default chain as the CLI reads them.
import * as sdk from "@aws-sdk/client-cognito-identity-provider";
import { NormalizedSchema } from "@smithy/core/schema";

// The SDK's exports looked up by name: the operation's schema (`SignUp$`) and command (`SignUpCommand`).
const idp = Object.fromEntries(Object.entries(sdk));

const kebab = (name) =>
  name
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase();

function fail(message, code = 252) {
  process.stderr.write(`aws (tour translator): ${message}\n`);
  process.exit(code);
}

/** `Key=value,Key=value` (values may not hold `,` or `=`, as the tour's do not). */
function shorthand(text) {
  const out = {};
  for (const pair of text.split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) fail(`cannot read the shorthand ${JSON.stringify(text)}`);
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** One command-line value as the member's schema says. */
function scalarOrShape(schema, text, where) {
  if (schema.isStringSchema()) return text;
  if (schema.isNumericSchema()) {
    const n = Number(text);
    if (!Number.isFinite(n)) fail(`${where}: ${JSON.stringify(text)} is not a number`);
    return n;
  }
  if (schema.isBooleanSchema()) return text === "true";
  if (text.startsWith("{") || text.startsWith("[")) return JSON.parse(text);
  if (schema.isMapSchema()) return shorthand(text);
  if (schema.isStructSchema()) {
    const fields = shorthand(text);
    for (const [name, member] of schema.structIterator()) {
      if (name in fields) fields[name] = scalarOrShape(member, fields[name], `${where}.${name}`);
    }
    return fields;
  }
  fail(`${where}: this translator does not read that type`);
}

function convert(schema, values, where) {
  if (schema.isListSchema()) {
    if (values.length === 1 && values[0].startsWith("[")) return JSON.parse(values[0]);
    return values.map((v, i) => scalarOrShape(schema.getValueSchema(), v, `${where}[${i}]`));
  }
  if (values.length !== 1) fail(`${where}: expected one value, got ${values.length}`);
  return scalarOrShape(schema, values[0], where);
}

/** `--query` on a dotted path (`UserPool.Id`), the only form the tour uses. */
function query(result, path) {
  if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(path)) fail(`--query ${path}: only dotted paths are read`);
  return path.split(".").reduce((value, key) => (value == null ? undefined : value[key]), result);
}

const [service, operation, ...args] = process.argv.slice(2);
if (service !== "cognito-idp") fail(`only cognito-idp is translated, not ${service}`);
const opName = Object.keys(idp).find((k) => k.endsWith("$") && kebab(k.slice(0, -1)) === operation);
const Command = opName && idp[`${opName.slice(0, -1)}Command`];
if (!Command) fail(`unknown operation ${operation}`);

const input = NormalizedSchema.of(idp[opName][4]());
const members = new Map([...input.structIterator()].map(([name, schema]) => [kebab(name), { name, schema }]));
const global = { "endpoint-url": undefined, region: undefined, query: undefined, output: "json" };
const params = {};
for (let i = 0; i < args.length; ) {
  const flag = args[i];
  if (!flag.startsWith("--")) fail(`unexpected ${JSON.stringify(flag)}`);
  const key = flag.slice(2);
  const values = [];
  for (i++; i < args.length && !args[i].startsWith("--"); i++) values.push(args[i]);
  if (key in global) {
    if (values.length !== 1) fail(`${flag} takes one value`);
    global[key] = values[0];
  } else if (members.has(key)) {
    const { name, schema } = members.get(key);
    params[name] = schema.isBooleanSchema() && values.length === 0 ? true : convert(schema, values, flag);
  } else if (key.startsWith("no-") && members.get(key.slice(3))?.schema.isBooleanSchema()) {
    params[members.get(key.slice(3)).name] = false;
  } else {
    fail(`${operation} has no parameter ${flag}`);
  }
}
if (global.output !== "json" && global.output !== "text") fail(`--output ${global.output} is not translated`);

const client = new sdk.CognitoIdentityProviderClient({
  ...(global["endpoint-url"] ? { endpoint: global["endpoint-url"] } : {}),
  ...(global.region ? { region: global.region } : {}),
  maxAttempts: 1,
});
let result;
try {
  const { $metadata, ...rest } = await client.send(new Command(params));
  result = rest;
} catch (error) {
  fail(
    `An error occurred (${error.name}) when calling the ${opName.slice(0, -1)} operation: ${error.message}`,
    254,
  );
}
const out = global.query === undefined ? result : query(result, global.query);
if (global.output === "text") {
  if (out !== null && typeof out === "object") fail("--output text is translated for a scalar --query only");
  process.stdout.write(`${out ?? "None"}\n`);
} else if (out !== undefined && !(typeof out === "object" && Object.keys(out).length === 0)) {
  process.stdout.write(`${JSON.stringify(out, null, 4)}\n`);
}
