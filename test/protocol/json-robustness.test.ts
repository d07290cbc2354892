// No request makes the JSON service answer 500, except an operation's own unexpected throw: every
// header combination, target, body and input shape gets a protocol error (or a success) instead.
// Thousands of requests from a seeded generator, in-process, plus signed ones that reach the
// input checks of a signed operation.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { describe, expect, it } from "vitest";
import {
  boolean,
  COGNITO_IDP_TARGET_PREFIX,
  defineOperation,
  document,
  integer,
  jsonService,
  list,
  long,
  map,
  string,
  structure,
} from "../../src/protocol/json/index.js";

const ADMIN = { accessKeyId: "AKIACOGNATEADMIN0001", secretAccessKey: "admin-secret" };
const Attribute = structure({
  Name: string({ required: true, min: 1, max: 32, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" }),
  Value: string({ max: 2048, sensitive: true }),
});
const Everything = structure({
  UserPoolId: string({ required: true, min: 1, max: 55, pattern: "[\\w-]+_[0-9a-zA-Z]+" }),
  Password: string({ min: 6, max: 256, pattern: "^[\\S]+.*[\\S]+$", sensitive: true }),
  Flow: string({ enum: ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"] }),
  Limit: integer({ min: 0, max: 60 }),
  Big: long({ min: 0 }),
  Flag: boolean({ required: true }),
  Attributes: list(Attribute, { max: 50 }),
  Names: list(string({ min: 1, max: 32 }), { min: 1 }),
  Metadata: map(string({ min: 1, max: 128 }), string({ max: 256 }), { max: 5, sensitive: true }),
  Nested: structure({ Inner: list(structure({ Doc: document(), N: integer({ required: true }) })) }),
  Doc: document(),
});
const run = defineOperation(Everything, ({ input }) => ({
  Seen: Object.keys(input),
  At: new Date(),
  Limit: input.Limit ?? null,
}));
const operations = {
  Unsigned: run,
  Signed: run,
  Plain: (call: { input: Record<string, unknown> }) => ({ Keys: Object.keys(call.input).length }),
  Throws: () => {
    throw new Error("an operation's own bug");
  },
};
const app = jsonService({
  targetPrefix: COGNITO_IDP_TARGET_PREFIX,
  signingName: "cognito-idp",
  unsigned: new Set(["Unsigned", "Plain", "Throws"]),
  region: "us-east-1",
  lookupCredentials: (id) => (id === ADMIN.accessKeyId ? ADMIN : undefined),
  maxBodyBytes: 256 * 1024,
  operations,
  onError: () => undefined,
});

// mulberry32: the same corpus on every run.
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(20240918);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const STRINGS = [
  "",
  " ",
  "a",
  "us-east-1_AbC",
  "USER_SRP_AUTH",
  "x".repeat(300),
  "p@ss w0rd",
  "\u0000",
  "é🙂",
  "__proto__",
  "constructor",
  "true",
  "60",
  "[]",
  "{}",
];
const NUMBERS = [0, -1, 1.5, 59.9, 60, 61, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, -0];

function value(depth: number): unknown {
  const kind = Math.floor(random() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick(NUMBERS);
    case 3:
    case 4:
      return pick(STRINGS);
    case 5:
      return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    default: {
      const keys = [
        ...Object.keys(Everything.members),
        "Name",
        "Value",
        "Inner",
        "N",
        "Doc",
        "__proto__",
        "Unknown",
      ];
      return Object.fromEntries(
        Array.from({ length: Math.floor(random() * 5) }, () => [pick(keys), value(depth + 1)]),
      );
    }
  }
}

/** An input that mostly fits the shape, with some members of random types and values. */
function input(): Record<string, unknown> {
  const out: Record<string, unknown> = { UserPoolId: "us-east-1_AbC", Flag: true };
  for (const name of Object.keys(Everything.members)) if (random() < 0.4) out[name] = value(0);
  if (random() < 0.3)
    out.Attributes = Array.from({ length: Math.floor(random() * 3) }, () => ({
      Name: value(2),
      Value: value(2),
    }));
  if (random() < 0.3) out.Nested = { Inner: [{ N: value(2), Doc: value(0) }, value(1)] };
  return out;
}

const TARGETS = [
  undefined,
  "",
  ".",
  COGNITO_IDP_TARGET_PREFIX,
  `${COGNITO_IDP_TARGET_PREFIX}.`,
  "Other.Unsigned",
  ...[
    "Unsigned",
    "Signed",
    "Plain",
    "constructor",
    "__proto__",
    "hasOwnProperty",
    "toString",
    "unsigned",
    "Unsigned.Signed",
    "x".repeat(5000),
  ].map((op) => `${COGNITO_IDP_TARGET_PREFIX}.${op}`),
];
const CONTENT_TYPES = [
  undefined,
  "",
  "application/x-amz-json-1.1",
  "application/x-amz-json-1.1; charset=utf-8",
  "APPLICATION/X-AMZ-JSON-1.1",
  "application/x-amz-json-1.0",
  "application/json",
  "text/plain",
  ";;;",
];
const AUTHORIZATIONS = [
  undefined,
  "",
  "AWS4-HMAC-SHA256",
  "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host, Signature=00",
  "Basic YTpi",
  "AWS4-HMAC-SHA256 Credential=AKIACOGNATEADMIN0001/20200101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=" +
    "0".repeat(64),
];
const RAW_BODIES: (string | Uint8Array)[] = [
  "",
  " ",
  "{}",
  "[]",
  "null",
  "true",
  "0",
  '"s"',
  "{",
  "}",
  "{}{}",
  '{"a":1,}',
  "[".repeat(100_000) + "]".repeat(100_000),
  `{"Doc":${"[".repeat(50_000)}${"]".repeat(50_000)}}`,
  '{"__proto__":{"Flag":true},"UserPoolId":"us-east-1_A"}',
  `{"UserPoolId":"us-east-1_A","Flag":true,"Password":"${"a".repeat(200_000)} "}`,
  '{"UserPoolId":"us-east-1_A","Flag":true,"Attributes":' +
    JSON.stringify(Array.from({ length: 60 }, () => ({ Name: "", Value: { deep: [[[[[[[[[[1]]]]]]]]]] } }))) +
    "}",
  new Uint8Array([0xff, 0xfe, 0x7b, 0x7d]),
  new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]),
  "x".repeat(300 * 1024),
];

async function send(
  target: string | undefined,
  contentType: string | undefined,
  authorization: string | undefined,
  body: string | Uint8Array,
  query = "",
) {
  const headers: Record<string, string> = {};
  if (target !== undefined) headers["x-amz-target"] = target;
  if (contentType !== undefined) headers["content-type"] = contentType;
  if (authorization !== undefined) headers.authorization = authorization;
  return app.request(`/${query}`, { method: "POST", headers, body: body as BodyInit });
}

async function expectProtocolAnswer(res: Response, context: unknown): Promise<void> {
  const text = await res.text();
  expect([200, 400, 403, 413], JSON.stringify(context).slice(0, 300)).toContain(res.status);
  expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
  const body = JSON.parse(text) as Record<string, unknown>;
  if (res.status !== 200) expect(typeof body.__type).toBe("string");
}

describe("no input makes the service answer 500", () => {
  it("for any target, Content-Type, Authorization and raw body", async () => {
    let count = 0;
    for (const target of TARGETS) {
      for (const contentType of CONTENT_TYPES) {
        for (const body of RAW_BODIES) {
          const authorization = pick(AUTHORIZATIONS);
          await expectProtocolAnswer(await send(target, contentType, authorization, body), {
            target,
            contentType,
            authorization,
          });
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(2500);
  });

  it("for thousands of generated inputs to shaped and plain operations, signed or not", async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const body = JSON.stringify(input());
      const op = pick(["Unsigned", "Plain", "Signed"]);
      const res = await send(
        `${COGNITO_IDP_TARGET_PREFIX}.${op}`,
        "application/x-amz-json-1.1",
        pick(AUTHORIZATIONS),
        body,
        pick(["", "?X-Amz-Algorithm=AWS4-HMAC-SHA256", "?X-Amz-Credential=%ZZ"]),
      );
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      await expectProtocolAnswer(res, body);
    }
    // The generator reaches both successes and failures.
    expect(statuses.get(200)).toBeGreaterThan(100);
    expect(statuses.get(400)).toBeGreaterThan(100);
  });

  it("for generated inputs that pass SigV4 and reach a signed operation's checks", async () => {
    const signer = new SignatureV4({
      credentials: ADMIN,
      region: "us-east-1",
      service: "cognito-idp",
      sha256: Sha256,
    });
    const types = new Set<unknown>();
    for (let i = 0; i < 300; i++) {
      const body = JSON.stringify(input());
      const signed = await signer.sign({
        method: "POST",
        protocol: "http:",
        hostname: "localhost",
        path: "/",
        query: {},
        headers: {
          host: "localhost",
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": `${COGNITO_IDP_TARGET_PREFIX}.Signed`,
        },
        body,
      });
      const res = await app.request("/", { method: "POST", headers: signed.headers, body });
      const answer = (await res.clone().json()) as { __type?: string };
      types.add(answer.__type ?? "ok");
      await expectProtocolAnswer(res, body);
    }
    expect(types).toEqual(new Set(["ok", "InvalidParameterException", "SerializationException"]));
  });

  it("except an operation's own unexpected throw: 500 InternalErrorException", async () => {
    const res = await send(
      `${COGNITO_IDP_TARGET_PREFIX}.Throws`,
      "application/x-amz-json-1.1",
      undefined,
      "{}",
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ __type: "InternalErrorException", message: "Internal server error" });
  });
});
