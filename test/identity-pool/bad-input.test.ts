// Every operation of the Cognito Identity dispatch table, sent bad input over the wire (the Node
// server of start(); signed with the admin key pair as the SDK signs, the four operations AWS
// sends unsigned unsigned): the user pools' generator of cases from each input shape, non-object
// bodies, well-formed inputs naming pools, identities and ARNs that do not exist (or are of
// another region), and a seeded random pass. Each gets a Cognito 4xx in the protocol's shape,
// never a 500 or a hang, and no error message repeats a token of the Logins sent.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { identityPoolOperations } from "../../src/identity-pool/actions/index.js";
import { identityPoolContext } from "../../src/identity-pool/context.js";
import { COGNITO_IDENTITY_UNSIGNED_OPERATIONS } from "../../src/identity-pool/service.js";
import type { StructureShape } from "../../src/protocol/json/shapes.js";
import type { SqlDriver } from "../../src/storage/index.js";
import { userPoolContext } from "../../src/user-pool/context.js";
import { badInputCases, sample, type Expectation, type Names } from "../helpers/bad-input/cases.js";
import { junk, mutated, prng, sendAll, type Sent } from "../helpers/bad-input/sweep.js";
import { wire } from "../helpers/bad-input/wire.js";
import { echoesNoToken, IDENTITY_WIRE } from "./bad-input-wire.js";
import { ADMIN, identityServer } from "./setup.js";

// The shapes only: no operation of this table is run, so its store is never opened.
const TABLE = identityPoolOperations(
  identityPoolContext(userPoolContext({ storage: {} as SqlDriver, region: "us-east-1" })),
);
const OPERATIONS = Object.entries(TABLE).map(([name, op]) => ({
  name,
  shape: typeof op === "function" ? undefined : (op.input as StructureShape),
}));
const shaped = OPERATIONS.filter(
  (op): op is { name: string; shape: StructureShape } => op.shape !== undefined,
);

/** A token-shaped Logins value: no error message may repeat it. */
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJiYWQtaW5wdXQifQ.c2VjcmV0LXNpZ25hdHVyZS1vZi1iYWQtaW5wdXQ";
const NO_POOL = "us-east-1:00000000-0000-4000-8000-000000000000";
const DEVELOPER = "login.bad-input";
const poolArn = (id: string, region = "us-east-1") =>
  `arn:aws:cognito-identity:${region}:000000000000:identitypool/${id}`;
const UNKNOWN: Names = {
  IdentityPoolId: NO_POOL,
  IdentityId: "us-east-1:00000000-0000-4000-8000-0000000000ff",
  IdentityIdsToDelete: "us-east-1:00000000-0000-4000-8000-0000000000ff",
  ResourceArn: poolArn(NO_POOL),
  // Map keys: a Logins key that names the developer provider (and a tag key, a provider's name).
  "": DEVELOPER,
  Logins: TOKEN,
  IdentityPoolName: "bad-input",
  DeveloperProviderName: DEVELOPER,
  DeveloperUserIdentifier: "dev-user-1",
  SourceUserIdentifier: "dev-user-1",
  DestinationUserIdentifier: "dev-user-2",
  ProviderName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AAAAAAAAA",
  ClientId: "1example23456789abcdefghij",
  CustomRoleArn: "arn:aws:iam::000000000000:role/none",
  Roles: "arn:aws:iam::000000000000:role/BadInput",
  RoleARN: "arn:aws:iam::000000000000:role/BadInput",
  LoginsToRemove: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AAAAAAAAA",
};
const NOT_OBJECTS = ["", " ", "null", "true", "0", '"s"', "[]", "[{}]", "{", '{"a":1,}', "{}{}"];

const { url } = identityServer();
const call = () => wire(url(), ADMIN, IDENTITY_WIRE);

const send = (cases: readonly Sent[], limit = 8) => sendAll(call(), cases, limit, echoesNoToken);

const casesOf = (names: Names) =>
  shaped.flatMap(({ name, shape }) =>
    badInputCases(shape, names).map(
      (c): Sent => ({ operation: name, label: c.label, body: JSON.stringify(c.body), expect: c.expect }),
    ),
  );

// These delete what the shared names point to, so they run after the others.
const DELETES_SHARED = new Set(["DeleteIdentityPool", "DeleteIdentities"]);

const NOT_FOUND: Expectation = { type: "not-found", types: ["ResourceNotFoundException"] };
/**
 * What answers an operation's input naming nothing that exists, from its required members alone or
 * from every member: each operation looks up the pool, identity or ARN it is given first.
 */
function unknownExpectation(operation: string, full: boolean): Expectation {
  switch (operation) {
    case "CreateIdentityPool":
    case "ListIdentityPools":
    case "DeleteIdentities":
      return { type: "well-formed" };
    case "LookupDeveloperIdentity":
      // Without IdentityId or DeveloperUserIdentifier it is refused before any lookup.
      return full ? NOT_FOUND : { type: "well-formed" };
    default:
      return NOT_FOUND;
  }
}

/** A new identity pool (unauthenticated identities and the developer provider allowed) and a guest of it. */
async function knownPool(name: string): Promise<{ pool: string; identity: string }> {
  const created = await call()(
    "CreateIdentityPool",
    JSON.stringify({
      IdentityPoolName: name,
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: true,
      DeveloperProviderName: DEVELOPER,
    }),
  );
  const pool = (created.body as { IdentityPoolId: string }).IdentityPoolId;
  const got = await call()("GetId", JSON.stringify({ IdentityPoolId: pool }));
  return { pool, identity: (got.body as { IdentityId: string }).IdentityId };
}

describe("bad input to every Cognito Identity operation", { timeout: 120_000 }, () => {
  it("covers the 23 operations the actions implement, four of them unsigned", () => {
    const root = join(import.meta.dirname, "../../src/identity-pool/actions");
    const files = readdirSync(root).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    const exported = files.flatMap((file) =>
      [
        ...readFileSync(join(root, file), "utf8").matchAll(
          /export function (\w+)\(ctx: IdentityPoolContext\)/g,
        ),
      ].map((m) => `${m[1]!.charAt(0).toUpperCase()}${m[1]!.slice(1)}`),
    );
    expect(exported.length).toBe(23);
    expect(Object.keys(TABLE).sort()).toEqual(exported.sort());
    expect(shaped.length).toBe(23);
    expect([...COGNITO_IDENTITY_UNSIGNED_OPERATIONS].sort()).toEqual([
      "GetCredentialsForIdentity",
      "GetId",
      "GetOpenIdToken",
      "UnlinkIdentity",
    ]);
    for (const { name, shape } of shaped) {
      const kinds = new Set(badInputCases(shape, UNKNOWN).map((c) => c.expect.type));
      expect(kinds.has("SerializationException"), name).toBe(true);
      if (Object.values(shape.members).some((m) => m.required))
        expect(kinds.has("InvalidParameterException"), name).toBe(true);
    }
  });

  it("answers each generated missing, wrong-typed and oversized member with a shape error naming it", async () => {
    const cases = casesOf(UNKNOWN);
    const { problems, answers } = await send(cases);
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
    const { problems, answers } = await send(cases);
    expect(problems).toEqual([]);
    expect(answers.size).toBe(OPERATIONS.length);
  });

  it("answers well-formed input naming an unknown pool, identity or ARN, or one of another region, with ResourceNotFoundException", async () => {
    const elsewhere = "eu-west-1:00000000-0000-4000-8000-000000000000";
    const regions: [string, Names][] = [
      ["unknown", UNKNOWN],
      [
        "of another region",
        {
          ...UNKNOWN,
          IdentityPoolId: elsewhere,
          IdentityId: "eu-west-1:00000000-0000-4000-8000-0000000000ff",
          ResourceArn: poolArn(elsewhere, "eu-west-1"),
        },
      ],
    ];
    const cases = shaped.flatMap(({ name, shape }) =>
      regions.flatMap(([what, names]) =>
        [false, true].map(
          (full): Sent => ({
            operation: name,
            label: `${what} (${full ? "every member" : "required members"})`,
            body: JSON.stringify(sample(shape, "", names, full)),
            // Another region's ARN is no ARN of this service's pools: refused as a parameter.
            expect:
              what !== "unknown" && Object.hasOwn(shape.members, "ResourceArn")
                ? { type: "not-found", types: ["InvalidParameterException"] }
                : unknownExpectation(name, full),
          }),
        ),
      ),
    );
    const { problems } = await send(cases);
    expect(problems).toEqual([]);
  });

  it("never answers 500 to a seeded random mutation of a valid input", async () => {
    const known = await knownPool("random");
    const random = prng(0x5eed_0016);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const cases: Sent[] = [];
    for (let i = 0; i < 1000; i++) {
      const { name, shape } = pick(shaped);
      const names =
        random() < 0.5 || DELETES_SHARED.has(name)
          ? UNKNOWN
          : {
              ...UNKNOWN,
              IdentityPoolId: known.pool,
              IdentityId: known.identity,
              ResourceArn: poolArn(known.pool),
            };
      // Now and then a whole member replaced by a random object, else one to three mutations.
      const body = random() < 0.05 ? { ...(junk(random, 0) as object) } : mutated(random, shape, names);
      cases.push({ operation: name, label: `#${i}`, body: JSON.stringify(body), expect: { type: "any" } });
    }
    const { problems, answers } = await send(cases);
    expect(problems).toEqual([]);
    const types = new Set([...answers.values()].flat().map((a) => a.body.__type ?? a.status));
    expect([...types]).toEqual(
      expect.arrayContaining([
        "InvalidParameterException",
        "SerializationException",
        "ResourceNotFoundException",
        "NotAuthorizedException",
        200,
      ]),
    );
  });

  it("answers the generated cases the same against a real pool and identity, deleting them last", async () => {
    const known = await knownPool("generated");
    const cases = casesOf({
      ...UNKNOWN,
      IdentityPoolId: known.pool,
      IdentityId: known.identity,
      IdentityIdsToDelete: known.identity,
      ResourceArn: poolArn(known.pool),
    });
    const deletes = (c: Sent) => DELETES_SHARED.has(c.operation);
    const first = await send(cases.filter((c) => !deletes(c)));
    const last = await send(cases.filter(deletes), 1);
    expect([...first.problems, ...last.problems]).toEqual([]);
  });
});
