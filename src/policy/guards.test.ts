import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import { parsePolicy } from "./parse.js";
import type { ContextValue, Decision } from "./types.js";

// Attack 3, finding 02: docs/policies.md "Mind the Deny". A Deny whose NotResource names the
// caller's tenant does not apply when `${jwt:tenant}` cannot be resolved (absent, or multivalued:
// any list, even empty or of one value). The guards the docs recommend must hold for every shape
// of the claim; the `Null` guard covers absence only, since `Null` counts a list as present.

const TENANTS = "arn:aws:execute-api:*:*:*/*/*/tenants";
const GLOBEX = "arn:aws:execute-api:us-east-1:123456789012:api/prod/GET/tenants/globex/secret";

const allow = (condition?: Record<string, unknown>) => ({
  Sid: "AllowTenants",
  Effect: "Allow",
  Action: "execute-api:Invoke",
  Resource: `${TENANTS}/*`,
  ...(condition === undefined ? {} : { Condition: condition }),
});
const denyOthers = (variable: string) => ({
  Sid: "DenyOtherTenants",
  Effect: "Deny",
  Action: "execute-api:Invoke",
  NotResource: `${TENANTS}/${variable}/*`,
});

/** The guards docs/policies.md recommends, and the `Null` guard it no longer offers as enough. */
const GUARDS = {
  default: [allow(), denyOthers("${jwt:tenant, '-'}")],
  requireInAllow: [allow({ StringLike: { "jwt:tenant": "?*" } }), denyOthers("${jwt:tenant}")],
  nullOnly: [
    allow(),
    denyOthers("${jwt:tenant}"),
    {
      Sid: "GuardMissingTenant",
      Effect: "Deny",
      Action: "execute-api:Invoke",
      Resource: "*",
      Condition: { Null: { "jwt:tenant": "true" } },
    },
  ],
};

/** Claims that must not reach globex's resources, and the one that may. */
const OUTSIDERS: [string, ContextValue | undefined][] = [
  ["absent", undefined],
  ["an empty list", []],
  ["a one-element list", ["acme"]],
  ["a one-element list naming globex", ["globex"]],
  ["a two-element list", ["acme", "globex"]],
  ["an empty string", ""],
  ["another tenant", "acme"],
];

function decide(statements: readonly unknown[], tenant: ContextValue | undefined): Decision {
  const policy = parsePolicy({ Version: "2012-10-17", Statement: statements as never }, "tenant.json");
  return evaluate([policy], {
    action: "execute-api:Invoke",
    resource: GLOBEX,
    context: { "jwt:tenant": tenant },
  }).decision;
}

describe.each([
  ["a default that names nothing", GUARDS.default],
  ["the key required in the Allow", GUARDS.requireInAllow],
])("the guard %s", (_, statements) => {
  it.each(OUTSIDERS)("keeps a caller whose tenant is %s out of another tenant", (_, tenant) => {
    expect(decide(statements, tenant)).not.toBe("Allow");
  });

  it("lets the tenant itself in", () => {
    expect(decide(statements, "globex")).toBe("Allow");
  });
});

describe("the Null guard", () => {
  it("covers an absent key", () => {
    expect(decide(GUARDS.nullOnly, undefined)).toBe("ExplicitDeny");
  });

  it("counts a list as present, even an empty one: alone, it does not guard a multivalued claim", () => {
    expect(decide(GUARDS.nullOnly, [])).toBe("Allow");
    expect(decide(GUARDS.nullOnly, ["acme"])).toBe("Allow");
    expect(decide(GUARDS.nullOnly, ["acme", "globex"])).toBe("Allow");
  });
});
