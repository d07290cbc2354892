// Every operation of the user-pool dispatch table, sent bad input over the wire (the Node server
// of start(), SigV4-signed as the SDK signs): cases generated from each input shape, non-object
// bodies, well-formed inputs naming resources that do not exist, and a seeded random pass. Each
// gets a Cognito 4xx in the protocol's shape (shape errors as InvalidParameterException or
// SerializationException naming the member), never a 500 or a hang.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import type { StructureShape } from "../../src/protocol/json/shapes.js";
import type { SqlDriver } from "../../src/storage/index.js";
import { userPoolContext } from "../../src/user-pool/context.js";
import { userPoolOperations } from "../../src/user-pool/service.js";
import {
  badInputCases,
  sample,
  type Case,
  type Expectation,
  type Names,
} from "../helpers/bad-input/cases.js";
import { junk, mutated, prng, sendAll as send, type Sent } from "../helpers/bad-input/sweep.js";
import { wire } from "../helpers/bad-input/wire.js";

const ADMIN = {
  accessKeyId: "AKIACOGNATETEST00007",
  secretAccessKey: "bad-input/test+secret0123456789abcdefgh",
};
const IN_FLIGHT = 8;
// The shapes only: no operation of this table is run, so its store is never opened.
const TABLE = userPoolOperations(userPoolContext({ storage: {} as SqlDriver, region: "us-east-1" }));
const OPERATIONS = Object.entries(TABLE).map(([name, op]) => ({
  name,
  shape: typeof op === "function" ? undefined : (op.input as StructureShape),
}));
const UNKNOWN: Names = {
  UserPoolId: "us-east-1_AAAAAAAAA",
  ClientId: "1example23456789abcdefghij",
  Username: "no-such-user",
  GroupName: "no-such-group",
  AccessToken: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl",
  PoolName: "bad-input",
  ClientName: "bad-input",
  Domain: "bad-input.example.com",
  ProviderName: "no-such-idp",
  IdpIdentifier: "no-such-identifier",
};
const NOT_OBJECTS = ["", " ", "null", "true", "0", '"s"', "[]", "[{}]", "{", '{"a":1,}', "{}{}"];

let server: Awaited<ReturnType<typeof start>>;
let call: ReturnType<typeof wire>;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  server = await start({
    PORT: "0",
    COGNATE_DATA_DIR: mkdtempSync(join(tmpdir(), "cognate-bad-input-")),
    COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId,
    COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
  });
  vi.restoreAllMocks();
  call = wire(server.url, ADMIN);
});
afterAll(async () => {
  await server?.close();
});

const sendAll = (cases: readonly Sent[], limit = IN_FLIGHT) => send(call, cases, limit);

const shaped = OPERATIONS.filter(
  (op): op is { name: string; shape: StructureShape } => op.shape !== undefined,
);
const casesOf = (names: Names) =>
  shaped.flatMap(({ name, shape }) =>
    badInputCases(shape, names).map(
      (c: Case): Sent => ({
        operation: name,
        label: c.label,
        body: JSON.stringify(c.body),
        expect: c.expect,
      }),
    ),
  );

// These delete what the shared names point to, so they run after the others.
const DELETES_SHARED = new Set(["DeleteUserPool", "DeleteUserPoolClient"]);

/** A new pool and app client, made over the same wire. */
async function knownPool(name: string): Promise<{ pool: string; client: string }> {
  const pool = (await call("CreateUserPool", JSON.stringify({ PoolName: name }))).body as {
    UserPool: { Id: string };
  };
  const client = (
    await call("CreateUserPoolClient", JSON.stringify({ UserPoolId: pool.UserPool.Id, ClientName: name }))
  ).body as { UserPoolClient: { ClientId: string } };
  return { pool: pool.UserPool.Id, client: client.UserPoolClient.ClientId };
}

describe("bad input to every user-pool operation", { timeout: 60_000 }, () => {
  it("covers every operation the actions implement", () => {
    // Each operation factory an action file exports (`export function adminGetUser(ctx: UserPoolContext)`).
    const root = join(import.meta.dirname, "../../src/user-pool/actions");
    const files = readdirSync(root, { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.endsWith("index.ts"),
    );
    const exported = files.flatMap((file) =>
      [
        ...readFileSync(join(root, file), "utf8").matchAll(
          /export (?:function (\w+)\(ctx: UserPoolContext\)|const (\w+) = \(ctx: UserPoolContext\) =>)/g,
        ),
      ].map((m) => m[1] ?? m[2]!),
    );
    const implemented = exported.map((f) => `${f.charAt(0).toUpperCase()}${f.slice(1)}`).sort();
    expect(implemented.length).toBeGreaterThanOrEqual(50);
    expect(Object.keys(TABLE).sort()).toEqual(expect.arrayContaining(implemented));
    // And every shaped entry of the table gets generated cases of each kind.
    for (const { name, shape } of shaped) {
      const kinds = new Set(badInputCases(shape, UNKNOWN).map((c) => c.expect.type));
      expect(kinds.has("SerializationException"), name).toBe(true);
      if (Object.values(shape.members).some((m) => m.required))
        expect(kinds.has("InvalidParameterException"), name).toBe(true);
    }
  });

  it("answers each generated missing, wrong-typed and oversized member with a shape error naming it", async () => {
    const cases = casesOf(UNKNOWN);
    const { problems, answers } = await sendAll(cases);
    expect(problems).toEqual([]);
    expect(answers.size).toBe(shaped.length);
    expect(cases.length).toBeGreaterThan(OPERATIONS.length * 10);
  });

  it("answers a body that is no JSON object with SerializationException", async () => {
    const cases = OPERATIONS.flatMap(({ name }) =>
      NOT_OBJECTS.map(
        (body): Sent => ({
          operation: name,
          label: JSON.stringify(body),
          body,
          expect: { type: "SerializationException" },
          bare: true,
        }),
      ),
    );
    const { problems, answers } = await sendAll(cases);
    expect(problems).toEqual([]);
    expect(answers.size).toBe(OPERATIONS.length);
  });

  it("answers well-formed input naming an unknown pool, client, token or user with a Cognito 4xx", async () => {
    const fresh = await knownPool("unknown-user");
    const cases = shaped.flatMap(({ name, shape }): Sent[] => {
      const members = Object.keys(shape.members);
      const names = (extra: Names) => ({ ...UNKNOWN, Username: `no-such-user-${name}`, ...extra });
      const sent = (label: string, full: boolean, n: Names, expected: Expectation): Sent => ({
        operation: name,
        label,
        body: JSON.stringify(sample(shape, "", n, full)),
        expect: expected,
      });
      // What names a resource is looked up first: the client or the pool, else the access token.
      const first =
        members.includes("ClientId") || members.includes("UserPoolId")
          ? "ResourceNotFoundException"
          : members.includes("AccessToken")
            ? "NotAuthorizedException"
            : undefined;
      const unknown: Expectation =
        first === undefined ? { type: "well-formed" } : { type: "not-found", types: [first] };
      const out = [
        sent("unknown (required members)", false, names({}), unknown),
        sent("unknown (every member)", true, names({}), unknown),
      ];
      // An optional ClientId (SetRiskConfiguration) is only looked up when sent: the full sample sends it.
      if (members.includes("ClientId"))
        out.push(
          sent(
            "unknown client of a pool",
            !shape.members.ClientId!.required,
            names({ UserPoolId: fresh.pool }),
            { type: "not-found", types: ["ResourceNotFoundException"] },
          ),
        );
      // An identity provider (or identifier) of a real pool is looked up unless the operation creates it.
      if (
        (members.includes("ProviderName") && name !== "CreateIdentityProvider") ||
        members.includes("IdpIdentifier")
      )
        out.push(
          sent("unknown identity provider of a pool", false, names({ UserPoolId: fresh.pool }), {
            type: "not-found",
            types: ["ResourceNotFoundException"],
          }),
        );
      // A user is looked up unless the operation creates it.
      const user = members.includes("Username") && !["AdminCreateUser", "SignUp"].includes(name);
      // With a group too, either unknown one may be named first.
      const userOrGroup = members.includes("GroupName")
        ? ["UserNotFoundException", "ResourceNotFoundException"]
        : ["UserNotFoundException"];
      if (!DELETES_SHARED.has(name))
        out.push(
          sent(
            "unknown user",
            false,
            names({ UserPoolId: fresh.pool, ClientId: fresh.client }),
            user ? { type: "not-found", types: userOrGroup } : { type: "well-formed" },
          ),
        );
      return out;
    });
    const { problems } = await sendAll(cases);
    expect(problems).toEqual([]);
  });

  it("never answers 500 to a seeded random mutation of a valid input", async () => {
    const known = await knownPool("random");
    const random = prng(0x5eed_0007);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const cases: Sent[] = [];
    for (let i = 0; i < 1500; i++) {
      const { name, shape } = pick(OPERATIONS);
      const names =
        random() < 0.5 || DELETES_SHARED.has(name)
          ? UNKNOWN
          : { ...UNKNOWN, UserPoolId: known.pool, ClientId: known.client };
      if (shape === undefined) {
        // A plain handler has no shape to start from: a random object.
        cases.push({
          operation: name,
          label: `#${i}`,
          body: JSON.stringify({ ...(junk(random, 0) as object) }),
          expect: { type: "any" },
        });
        continue;
      }
      const body = mutated(random, shape, names);
      cases.push({ operation: name, label: `#${i}`, body: JSON.stringify(body), expect: { type: "any" } });
    }
    const { problems, answers } = await sendAll(cases);
    expect(problems).toEqual([]);
    const types = new Set([...answers.values()].flat().map((a) => a.body.__type ?? a.status));
    expect([...types]).toEqual(
      expect.arrayContaining([
        "InvalidParameterException",
        "SerializationException",
        "ResourceNotFoundException",
        200,
      ]),
    );
  });

  it("answers the generated cases the same against a real pool and client, deleting them last", async () => {
    const known = await knownPool("generated");
    const cases = casesOf({ ...UNKNOWN, UserPoolId: known.pool, ClientId: known.client });
    const deletes = (c: Sent) => DELETES_SHARED.has(c.operation);
    const first = await sendAll(cases.filter((c) => !deletes(c)));
    const last = await sendAll(cases.filter(deletes), 1);
    expect([...first.problems, ...last.problems]).toEqual([]);
  });
});
