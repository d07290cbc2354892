import { describe, expect, it } from "vitest";
import { normalizeContext } from "./context.js";
import { PolicyError } from "./errors.js";
import { evaluate } from "./evaluate.js";
import { explain } from "./explain.js";
import { parsePolicy } from "./parse.js";
import { compilePattern } from "./pattern.js";
import type { RequestContext } from "./types.js";
import { unresolvedIn } from "./unresolved.js";

// Issue 17: a statement that needs an unresolved policy variable (key absent or multivalued, no
// default) to decide does not apply, whatever its effect; Version 2008-10-17 reads `${...}` as text.

const ARN = "arn:aws:execute-api:us-east-1:123456789012:api/prod";
const RESOURCE = `${ARN}/GET/users/bob/profile`;
const ALLOW_ALL = { Effect: "Allow", Action: "*", Resource: "*" };

type Effect = "Allow" | "Deny";

/** Does `statement` (given its effect) apply to a GET of bob's profile, under `context`? */
function applies(
  effect: Effect,
  fields: Record<string, unknown>,
  context: RequestContext,
  version = "2012-10-17",
  resource = RESOURCE,
): boolean {
  const statement = { Effect: effect, Action: "execute-api:Invoke", ...fields };
  // A Deny shows that it applies against an Allow of everything; an Allow shows it alone.
  const statements = effect === "Deny" ? [ALLOW_ALL, statement] : [statement];
  const policy = parsePolicy({ Version: version, Statement: statements }, "p.json");
  const decision = evaluate([policy], { action: "execute-api:Invoke", resource, context }).decision;
  return decision === (effect === "Deny" ? "ExplicitDeny" : "Allow");
}

// Each element holds `variable` where, resolved to `matching`, the statement applies to bob's
// profile, and resolved to `other`, it does not.
const ELEMENTS: {
  element: string;
  fields: (variable: string) => Record<string, unknown>;
  matching: string;
  other: string;
}[] = [
  {
    element: "Resource",
    fields: (v) => ({ Resource: `${ARN}/GET/users/${v}/*` }),
    matching: "bob",
    other: "alice",
  },
  {
    element: "NotResource",
    fields: (v) => ({ NotResource: `${ARN}/GET/users/${v}/*` }),
    matching: "alice",
    other: "bob",
  },
  {
    element: "StringEquals value",
    fields: (v) => ({ Resource: "*", Condition: { StringEquals: { "jwt:user": v } } }),
    matching: "bob",
    other: "alice",
  },
  {
    element: "StringNotEquals value",
    fields: (v) => ({ Resource: "*", Condition: { StringNotEquals: { "jwt:user": v } } }),
    matching: "alice",
    other: "bob",
  },
  {
    element: "ForAnyValue:StringLike value",
    fields: (v) => ({ Resource: "*", Condition: { "ForAnyValue:StringLike": { "jwt:groups": `${v}-*` } } }),
    matching: "bob",
    other: "alice",
  },
  {
    element: "ForAllValues:StringNotEquals value",
    fields: (v) => ({
      Resource: "*",
      Condition: { "ForAllValues:StringNotEquals": { "jwt:groups": `${v}-x` } },
    }),
    matching: "alice",
    other: "bob",
  },
  {
    element: "ArnNotLike value",
    fields: (v) => ({
      Resource: "*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::123456789012:user/${v}` } },
    }),
    matching: "alice",
    other: "bob",
  },
];

const BASE = {
  "jwt:user": "bob",
  "jwt:groups": ["bob-x"],
  "aws:PrincipalArn": "arn:aws:iam::123456789012:user/bob",
};

describe.each(ELEMENTS)("a variable in a $element", ({ fields, matching, other }) => {
  describe.each(["Allow", "Deny"] as const)("of a %s statement", (effect) => {
    it("is substituted when the key is present and single-valued", () => {
      expect(applies(effect, fields("${jwt:name}"), { ...BASE, "jwt:name": matching })).toBe(true);
      expect(applies(effect, fields("${jwt:name}"), { ...BASE, "jwt:name": other })).toBe(false);
    });

    it("drops the statement when the key is absent or multivalued", () => {
      expect(applies(effect, fields("${jwt:name}"), BASE)).toBe(false);
      expect(applies(effect, fields("${jwt:name}"), { ...BASE, "jwt:name": [matching] })).toBe(false);
    });

    it("takes the default when the key is absent or multivalued", () => {
      expect(applies(effect, fields(`\${jwt:name, '${matching}'}`), BASE)).toBe(true);
      expect(applies(effect, fields(`\${jwt:name, '${other}'}`), BASE)).toBe(false);
      expect(applies(effect, fields(`\${jwt:name, '${matching}'}`), { ...BASE, "jwt:name": [other] })).toBe(
        true,
      );
      // A present key wins over the default.
      expect(applies(effect, fields(`\${jwt:name, '${other}'}`), { ...BASE, "jwt:name": matching })).toBe(
        true,
      );
    });

    it("is literal text under Version 2008-10-17, resolved or not", () => {
      const literal = applies(effect, fields("${jwt:name}"), BASE, "2008-10-17");
      expect(applies(effect, fields("${jwt:name}"), { ...BASE, "jwt:name": matching }, "2008-10-17")).toBe(
        literal,
      );
      expect(applies(effect, fields("${jwt:name}"), { ...BASE, "jwt:name": other }, "2008-10-17")).toBe(
        literal,
      );
      // The literal text names neither bob nor alice: the negated elements apply, the others do not.
      expect(literal).toBe(matching === "alice");
    });
  });
});

describe("the statement index and the other entries", () => {
  it("lets another Resource entry match, as iam-simulate does (the unresolved entry matches nothing)", () => {
    const resource = [`${ARN}/GET/users/\${jwt:name}/*`, `${ARN}/GET/users/*`];
    expect(applies("Allow", { Resource: resource }, {})).toBe(true);
    expect(applies("Deny", { Resource: resource }, {})).toBe(true);
    expect(applies("Allow", { Resource: resource.slice(0, 1) }, {})).toBe(false);
  });

  it("drops a NotResource statement whichever of its entries is unresolved", () => {
    const notResource = [`${ARN}/POST/*`, `${ARN}/GET/users/\${jwt:name}/*`];
    expect(applies("Allow", { NotResource: notResource }, {})).toBe(false);
    expect(applies("Allow", { NotResource: notResource.toReversed() }, {})).toBe(false);
    expect(applies("Allow", { NotResource: notResource }, { "jwt:name": "alice" })).toBe(true);
  });

  it("decides a NotResource outside the entry's service, region or account without the variable", () => {
    const notResource = `${ARN}/GET/users/\${jwt:name}/*`;
    const elsewhere = "arn:aws:execute-api:eu-west-1:123456789012:api/prod/GET/users/bob/profile";
    expect(applies("Allow", { NotResource: notResource }, {}, "2012-10-17", elsewhere)).toBe(true);
    expect(applies("Deny", { NotResource: notResource }, {}, "2012-10-17", elsewhere)).toBe(true);
    // Inside them, even where no value could put the resource under the entry: AWS calls the
    // statement invalid, and iam-simulate drops it.
    const other = `${ARN}/POST/orders`;
    expect(applies("Allow", { NotResource: notResource }, {}, "2012-10-17", other)).toBe(false);
  });

  it("never skips a statement whose Resource starts or ends with a variable", () => {
    for (const resource of [
      "arn:aws:${jwt:service}:us-east-1:123456789012:api/prod/GET/users/bob/profile",
      "arn:aws:execute-api:${jwt:region}:123456789012:api/prod/GET/users/bob/profile",
      `${ARN}/GET/users/bob/\${jwt:rest}`,
    ]) {
      // A value within one path segment: one holding `/` matches nothing (segment.test.ts).
      const context = {
        "jwt:service": "execute-api",
        "jwt:region": "us-east-1",
        "jwt:rest": "profile",
      };
      expect(applies("Allow", { Resource: resource }, context), resource).toBe(true);
      expect(applies("Deny", { Resource: resource }, context), resource).toBe(true);
      expect(applies("Allow", { Resource: resource }, {}), resource).toBe(false);
    }
  });

  it("keeps the absent key's semantics for condition keys, whatever the values' variables", () => {
    const condition = (operator: string) => ({
      Resource: "*",
      Condition: { [operator]: { "jwt:team": "${jwt:name}" } },
    });
    expect(applies("Allow", condition("StringNotEquals"), {})).toBe(true);
    expect(applies("Allow", condition("StringEqualsIfExists"), {})).toBe(true);
    expect(applies("Allow", condition("ForAllValues:StringEquals"), {})).toBe(true);
    expect(applies("Allow", condition("StringEquals"), {})).toBe(false);
    expect(applies("Allow", condition("StringEqualsIfExists"), { "jwt:team": "x" })).toBe(false);
  });
});

describe("other spellings cannot make an unresolved variable apply", () => {
  const notResource = (variable: string) => ({ NotResource: `${ARN}/GET/users/${variable}/*` });
  const notEquals = (variable: string) => ({
    Resource: "*",
    Condition: { StringNotEquals: { "jwt:user": variable } },
  });

  it.each([
    ["${ jwt:name }", "whitespace inside the braces"],
    ["${JWT:NAME}", "the key's case"],
    ["${jwt:name,'alice'}", "a default without the space"],
  ])("%s (%s) resolves as jwt:name does", (variable) => {
    for (const effect of ["Allow", "Deny"] as const) {
      expect(applies(effect, notResource(variable), { "jwt:name": "alice" })).toBe(true);
      expect(applies(effect, notEquals(variable), { "jwt:name": "alice", "jwt:user": "bob" })).toBe(true);
    }
  });

  it.each([
    ["${constructor}", "an Object.prototype name"],
    ["${toString}", "another"],
  ])("%s (%s) never resolves, and drops the statement", (variable) => {
    // No context key is named constructor or toString: those must not come from Object.prototype.
    const context = { "jwt:name": "alice", "jwt:user": "bob" };
    for (const effect of ["Allow", "Deny"] as const) {
      expect(applies(effect, notResource(variable), context)).toBe(false);
      expect(applies(effect, notEquals(variable), context)).toBe(false);
    }
  });

  it.each([
    ["${jwt:${jwt:name}}", "a nested ${"],
    ["${jwt:name, 'it''s'}", "a default with quotes inside"],
    ["${jwt:name, alice}", "an unquoted default"],
    ["${jwt:na me}", "a space in the key"],
    ["${}", "nothing"],
    ["${ }", "a space"],
    ["${ * }", "an escape with spaces"],
  ])("%s (%s) never resolves: the policy is refused when it loads (malformed.test.ts)", (variable) => {
    const context = { "jwt:name": "alice", "jwt:user": "bob" };
    for (const effect of ["Allow", "Deny"] as const) {
      expect(() => applies(effect, notResource(variable), context)).toThrow(PolicyError);
      expect(() => applies(effect, notEquals(variable), context)).toThrow(PolicyError);
    }
    const pattern = compilePattern(`u/${variable}`, { glob: true, variables: true });
    expect(pattern.expand(normalizeContext(context))).toBeUndefined();
  });

  it("takes an empty default or an empty context value as a value, not as unresolved", () => {
    // In a NotResource an empty value is decided against the caller (segment.test.ts, attack 4
    // finding 03): the Deny applies as for any value, the Allow does not (it did before).
    expect(applies("Allow", notResource("${jwt:name}"), { "jwt:name": "" })).toBe(false);
    expect(applies("Deny", notResource("${jwt:name}"), { "jwt:name": "" })).toBe(true);
    expect(applies("Allow", notResource("${jwt:name, ''}"), {})).toBe(false);
    expect(applies("Deny", notResource("${jwt:name, ''}"), {})).toBe(true);
    expect(applies("Allow", notEquals("${jwt:name, ''}"), { "jwt:user": "bob" })).toBe(true);
    // In a Resource an empty value makes the entry match nothing, not the parent (segment.test.ts).
    expect(applies("Allow", { Resource: `${ARN}/GET/users/\${jwt:name, ''}bob/*` }, {})).toBe(false);
  });

  it("always resolves the escapes ${*} ${?} ${$}: they are no variables", () => {
    for (const escaped of ["${*}", "${?}", "${$}"]) {
      expect(applies("Allow", notResource(`bob${escaped}`), {})).toBe(true);
      expect(applies("Deny", notResource(`bob${escaped}`), {})).toBe(true);
      expect(applies("Allow", notEquals(escaped), { "jwt:user": "bob" })).toBe(true);
    }
    expect(applies("Allow", notResource("b${?}b"), {})).toBe(true);
  });
});

describe("why, in words", () => {
  const context = normalizeContext({ "jwt:groups": ["a", "b"] });
  const glob = (source: string) => compilePattern(source, { glob: true, variables: true });

  it("names each unresolved variable and the reason", () => {
    expect(unresolvedIn(glob("u/${jwt:Name}/${jwt:groups}/${jwt:x, 'd'}"), context)).toBe(
      "${jwt:Name} cannot be resolved: jwt:Name is absent; ${jwt:groups} cannot be resolved: jwt:groups is multivalued",
    );
    expect(unresolvedIn(glob("u/${jwt:na me}"), context)).toBe(
      "${jwt:na me} cannot be resolved: not a well-formed variable",
    );
    expect(unresolvedIn(glob("u/${jwt:x, 'd'}/${*}"), context)).toBeUndefined();
  });

  const explained = (fields: Record<string, unknown>, effect: Effect = "Allow") => {
    const policy = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: [ALLOW_ALL, { Sid: "Own", Effect: effect, Action: "execute-api:Invoke", ...fields }],
      },
      "own.json",
    );
    const request = { action: "execute-api:Invoke", resource: RESOURCE };
    return explain(evaluate([policy], { ...request, context: { "jwt:user": "bob" } }), request);
  };

  it("says why a NotResource statement did not apply", () => {
    expect(explained({ NotResource: `${ARN}/GET/users/\${jwt:name}/*` }, "Deny")).toContain(
      `own.json Statement[1] (Sid "Own") (Deny) does not apply: NotResource cannot be decided, a policy variable is unresolved: ${ARN}/GET/users/\${jwt:name}/* (\${jwt:name} cannot be resolved: jwt:name is absent)`,
    );
  });

  it("says why a Resource statement did not apply", () => {
    expect(explained({ Resource: `${ARN}/GET/users/\${jwt:name}/*` }, "Deny")).toContain(
      `own.json Statement[1] (Sid "Own") (Deny) does not apply: Resource does not match because of a policy variable: ${ARN}/GET/users/\${jwt:name}/* (\${jwt:name} cannot be resolved: jwt:name is absent)`,
    );
  });

  it("says why a condition failed", () => {
    expect(
      explained({ Resource: "*", Condition: { StringNotEquals: { "jwt:user": "${jwt:name}" } } }, "Deny"),
    ).toContain(
      'own.json Statement[1] (Sid "Own") (Deny) does not apply: StringNotEquals failed: jwt:user bob cannot be compared, a policy variable is unresolved: ${jwt:name} (unresolved: jwt:name is absent)',
    );
  });

  it("stays silent about resources that did not match for other reasons", () => {
    const lines = explained({ Resource: `${ARN}/POST/\${jwt:name}` });
    expect(lines).toEqual([`Allow: own.json Statement[0] allows execute-api:Invoke on ${RESOURCE}`]);
  });
});
