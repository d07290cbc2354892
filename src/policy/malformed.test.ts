import { describe, expect, it } from "vitest";
import { PolicyError } from "./errors.js";
import { parsePolicy } from "./parse.js";

// Attack 3, finding 03: text between `${` and `}` that is no well-formed variable and no escape can
// never resolve, so the statement holding it could never apply (a Deny silently switched off).
// Under 2012-10-17 such a policy is refused when it loads, naming the statement, element and text.

const ARN = "arn:aws:execute-api:*:*:*/*/*/tenants";
const MALFORMED = [
  '${jwt:tenant, "-"}',
  "${jwt: tenant}",
  "${jwt:tenant, -}",
  "${jwt:tenant, 'it''s'}",
  "${}",
  "${ }",
  "${jwt:${jwt:tenant}}",
  "${ * }",
];

function load(statement: Record<string, unknown>, version = "2012-10-17") {
  return parsePolicy(
    {
      Version: version,
      Statement: [
        { Sid: "AllowTenants", Effect: "Allow", Action: "execute-api:Invoke", Resource: `${ARN}/*` },
        { Sid: "Deny", Effect: "Deny", Action: "execute-api:Invoke", ...statement },
      ],
    },
    "tenant.json",
  );
}

const problem = (text: string) =>
  `${text} is not a well-formed policy variable: write \${key} or \${key, 'default'} (letters, digits and :/_.@+=- in the key), or the escapes \${*} \${?} \${$}`;

describe("a malformed policy variable (finding 03)", () => {
  it.each(MALFORMED)(
    "%s is refused in a NotResource, naming the statement, the element and the text",
    (text) => {
      expect(() => load({ NotResource: `${ARN}/${text}/*` })).toThrow(
        // The variable as read: up to the first `}` (a nested `${` is part of the text).
        new PolicyError(
          "tenant.json",
          'Statement[1] (Sid "Deny").NotResource',
          problem(text.slice(0, text.indexOf("}") + 1)),
        ),
      );
    },
  );

  it("is refused in a Resource list, naming the entry", () => {
    expect(() => load({ Resource: [`${ARN}/a/*`, `${ARN}/\${jwt:tenant, "-"}/*`] })).toThrow(
      `tenant.json: Statement[1] (Sid "Deny").Resource[1]: \${jwt:tenant, "-"} is not a well-formed policy variable`,
    );
  });

  it.each([
    ["StringNotEquals", "jwt:team", "${jwt:owner team}"],
    ["ForAnyValue:StringLike", "jwt:groups", "${jwt:team, x}-*"],
    ["ArnNotLike", "aws:PrincipalArn", "arn:aws:iam::*:user/${}"],
  ])("is refused in a %s condition value", (operator, key, value) => {
    const text = /\$\{[^}]*\}/.exec(value)![0];
    expect(() => load({ Resource: "*", Condition: { [operator]: { [key]: ["ok", value] } } })).toThrow(
      `tenant.json: Statement[1] (Sid "Deny").Condition.${operator}.${key}[1]: ${text} is not a well-formed policy variable`,
    );
  });

  it("keeps well-formed variables, defaults and escapes", () => {
    for (const text of [
      "${jwt:tenant}",
      "${ JWT:Tenant }",
      "${jwt:tenant, '-'}",
      "${jwt:tenant,'-'}",
      "${jwt:tenant, ''}",
      "${*}",
      "${?}",
      "${$}",
      "${aws:PrincipalTag/team}",
      "${constructor}",
    ]) {
      expect(() => load({ NotResource: `${ARN}/${text}/*` }), text).not.toThrow();
      expect(
        () => load({ Resource: "*", Condition: { StringEquals: { "jwt:t": text } } }),
        text,
      ).not.toThrow();
    }
  });

  // Attack 4, finding 04: a `${` with no `}` after it is a typo as surely as a malformed inside,
  // and read as text it switched a Deny off in the same way.
  it.each([
    ["users/${aws:username", "${aws:username"],
    ["tenants/${jwt:tenant/admin", "${jwt:tenant/admin"],
    ["${k", "${k"],
    ["${a}/x${", "${"],
  ])(
    "refuses an unclosed ${ in %s, in a Resource, a NotResource and a String/Arn condition value",
    (text, shown) => {
      expect(() => load({ Resource: `${ARN}/${text}` })).toThrow(
        new PolicyError("tenant.json", 'Statement[1] (Sid "Deny").Resource', problem(shown)),
      );
      expect(() => load({ NotResource: `${ARN}/${text}` })).toThrow(
        new PolicyError("tenant.json", 'Statement[1] (Sid "Deny").NotResource', problem(shown)),
      );
      for (const operator of ["StringNotEquals", "ArnNotLike"])
        expect(() => load({ Resource: "*", Condition: { [operator]: { "jwt:owner_team": text } } })).toThrow(
          `tenant.json: Statement[1] (Sid "Deny").Condition.${operator}.jwt:owner_team: ${problem(shown)}`,
        );
    },
  );

  it("is text under Version 2008-10-17, where no variable is read", () => {
    for (const text of [...MALFORMED, "users/${aws:username", "x${"]) {
      expect(() => load({ NotResource: `${ARN}/${text}/*` }, "2008-10-17")).not.toThrow();
      expect(() =>
        load({ Resource: "*", Condition: { StringEquals: { "jwt:t": text } } }, "2008-10-17"),
      ).not.toThrow();
    }
  });
});
