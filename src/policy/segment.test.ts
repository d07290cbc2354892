import { describe, expect, it } from "vitest";
import { normalizeContext } from "./context.js";
import { evaluate } from "./evaluate.js";
import { explain } from "./explain.js";
import { actionMatches, resourceMatches } from "./match.js";
import { parsePolicy } from "./parse.js";
import { StatementIndex } from "./statement-index.js";
import type { RequestContext } from "./types.js";

// Attack 3, findings 01 and 04: in Resource and NotResource, a variable's value stands for text
// within one path segment. A value that is empty or holds `/` makes its entry match nothing: an
// Allow's Resource does not match, a Deny's NotResource does not contain the resource (the Deny
// applies). Condition values keep substituting literally.

const ARN = "arn:aws:execute-api:us-east-1:123456789012:api/prod";
const ALLOW_ALL = { Effect: "Allow", Action: "*", Resource: "*" };

function decide(statements: Record<string, unknown>[], resource: string, context: RequestContext) {
  const policy = parsePolicy({ Version: "2012-10-17", Statement: statements }, "p.json");
  return evaluate([policy], { action: "execute-api:Invoke", resource, context }).decision;
}

const invoke = (fields: Record<string, unknown>, effect = "Allow") => ({
  Effect: effect,
  Action: "execute-api:Invoke",
  ...fields,
});

describe("a value holding / (finding 01)", () => {
  const home = invoke({ Resource: `${ARN}/GET/home/\${aws:username}/*` });

  it("does not reach into another user's resources through a Resource", () => {
    const payroll = `${ARN}/GET/home/alice/docs/payroll.pdf`;
    expect(decide([home], payroll, { "aws:username": "alice" })).toBe("Allow");
    expect(decide([home], payroll, { "aws:username": "alice/docs" })).toBe("ImplicitDeny");
    expect(decide([home], `${ARN}/GET/home/alice/docs/x`, { "aws:username": "alice/docs" })).toBe(
      "ImplicitDeny",
    );
  });

  it("makes a NotResource Deny apply: the entry contains nothing", () => {
    const deny = invoke({ NotResource: `${ARN}/*/tenants/\${jwt:tenant}/*` }, "Deny");
    const secret = `${ARN}/GET/tenants/globex/secret/x`;
    expect(decide([ALLOW_ALL, deny], secret, { "jwt:tenant": "globex/secret" })).toBe("ExplicitDeny");
    expect(decide([ALLOW_ALL, deny], secret, { "jwt:tenant": "acme" })).toBe("ExplicitDeny");
    expect(decide([ALLOW_ALL, deny], secret, { "jwt:tenant": "globex" })).toBe("Allow");
  });

  // Attack 4, finding 03 (reverses the first hardening, under which the exception vanished and the
  // Allow applied): the exception is decided against the caller wherever it could reach.
  it("keeps a NotResource Allow off the resources its exception could cover", () => {
    const allow = invoke({ NotResource: `${ARN}/GET/home/\${aws:username}/*` });
    const own = `${ARN}/GET/home/a/b/c`;
    expect(decide([allow], own, { "aws:username": "a" })).toBe("ImplicitDeny");
    expect(decide([allow], own, { "aws:username": "a/b" })).toBe("ImplicitDeny");
    expect(decide([allow], own, { "aws:username": "" })).toBe("ImplicitDeny");
    // Outside what the entry could ever name, the Allow applies as for any value.
    expect(decide([allow], `${ARN}/GET/other/a/b`, { "aws:username": "a/b" })).toBe("Allow");
    expect(decide([allow], `${ARN}/POST/home/a/b/c`, { "aws:username": "a/b" })).toBe("Allow");
  });

  it("makes a Deny's Resource apply wherever the entry could reach (finding 03, the Deny side)", () => {
    const deny = invoke({ Sid: "NoSelfDelete", Resource: `${ARN}/DELETE/users/\${aws:username}` }, "Deny");
    const bob = { "aws:username": "bob/x" };
    expect(decide([ALLOW_ALL, deny], `${ARN}/DELETE/users/bob/x`, bob)).toBe("ExplicitDeny");
    // Which user is the caller's own cannot be told: every user under users/ is.
    expect(decide([ALLOW_ALL, deny], `${ARN}/DELETE/users/alice`, bob)).toBe("ExplicitDeny");
    expect(decide([ALLOW_ALL, deny], `${ARN}/DELETE/users/`, { "aws:username": "" })).toBe("ExplicitDeny");
    expect(decide([ALLOW_ALL, deny], `${ARN}/GET/users/bob/x`, bob)).toBe("Allow");
    expect(decide([ALLOW_ALL, deny], `${ARN}/DELETE/orders/1`, bob)).toBe("Allow");
    expect(decide([ALLOW_ALL, deny], `${ARN}/DELETE/users/alice`, { "aws:username": "bob" })).toBe("Allow");
  });

  it("lets a list's plain entries decide on their own: they grant, and they except", () => {
    const deny = invoke(
      { Resource: [`${ARN}/DELETE/users/\${aws:username}`, `${ARN}/DELETE/admins/*`] },
      "Deny",
    );
    expect(decide([ALLOW_ALL, deny], `${ARN}/DELETE/admins/1`, { "aws:username": "a/b" })).toBe(
      "ExplicitDeny",
    );
    const notDeny = invoke(
      { NotResource: [`${ARN}/*/tenants/\${jwt:tenant}/*`, `${ARN}/*/tenants/public/*`] },
      "Deny",
    );
    const context = { "jwt:tenant": "a/b" };
    expect(decide([ALLOW_ALL, notDeny], `${ARN}/GET/tenants/public/x`, context)).toBe("Allow");
    expect(decide([ALLOW_ALL, notDeny], `${ARN}/GET/tenants/a/b/x`, context)).toBe("ExplicitDeny");
    const notAllow = invoke({ NotResource: [`${ARN}/GET/home/\${aws:username}/*`, `${ARN}/GET/secret/*`] });
    expect(decide([notAllow], `${ARN}/GET/secret/x`, { "aws:username": "a/b" })).toBe("ImplicitDeny");
    expect(decide([notAllow], `${ARN}/GET/home/a/b/x`, { "aws:username": "a/b" })).toBe("ImplicitDeny");
    expect(decide([notAllow], `${ARN}/GET/open/x`, { "aws:username": "a/b" })).toBe("Allow");
  });

  it("lets the statement's other Resource entries match", () => {
    const two = invoke({ Resource: [`${ARN}/GET/home/\${aws:username}/*`, `${ARN}/GET/public/*`] });
    expect(decide([two], `${ARN}/GET/public/x`, { "aws:username": "a/b" })).toBe("Allow");
    expect(decide([two], `${ARN}/GET/home/a/b/x`, { "aws:username": "a/b" })).toBe("ImplicitDeny");
  });

  it("holds for a default too, and wins over another variable that is unresolved", () => {
    const withDefault = invoke({ Resource: `${ARN}/GET/home/\${aws:username, 'a/b'}/*` });
    expect(decide([withDefault], `${ARN}/GET/home/a/b/x`, {})).toBe("ImplicitDeny");
    // The entry matches nothing whatever jwt:x turns out to be: the Deny is decided, and applies.
    const deny = invoke({ NotResource: `${ARN}/GET/\${jwt:x}/\${aws:username}/*` }, "Deny");
    expect(decide([ALLOW_ALL, deny], `${ARN}/GET/home/a/b/x`, { "aws:username": "a/b" })).toBe(
      "ExplicitDeny",
    );
  });

  it("still matches within a segment: other characters are text", () => {
    const own = invoke({ Resource: `${ARN}/GET/home/\${aws:username}/*` });
    expect(decide([own], `${ARN}/GET/home/a.b@c:d/x`, { "aws:username": "a.b@c:d" })).toBe("Allow");
    expect(decide([own], `${ARN}/GET/home/a*/x`, { "aws:username": "a*" })).toBe("Allow");
    expect(decide([own], `${ARN}/GET/home/ab/x`, { "aws:username": "a*" })).toBe("ImplicitDeny");
  });

  it("is substituted literally in condition values, as AWS does", () => {
    const like = invoke({
      Resource: "*",
      Condition: { StringLike: { "jwt:path": "home/${aws:username}/*" } },
    });
    expect(decide([like], `${ARN}/GET/x`, { "aws:username": "a/b", "jwt:path": "home/a/b/c" })).toBe("Allow");
    const arn = invoke({
      Resource: "*",
      Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:user/${aws:username}" } },
    });
    const principal = "arn:aws:iam::123456789012:user/a/b";
    expect(decide([arn], `${ARN}/GET/x`, { "aws:username": "a/b", "aws:PrincipalArn": principal })).toBe(
      "Allow",
    );
  });

  it("is text under Version 2008-10-17, where nothing is substituted", () => {
    const policy = parsePolicy(
      { Version: "2008-10-17", Statement: [invoke({ Resource: `${ARN}/GET/home/\${aws:username}/*` })] },
      "old.json",
    );
    const resource = `${ARN}/GET/home/\${aws:username}/x`;
    const context = { "aws:username": "a/b" };
    expect(evaluate([policy], { action: "execute-api:Invoke", resource, context }).decision).toBe("Allow");
  });
});

describe("an empty value (finding 04)", () => {
  it("does not widen a Resource to its parent", () => {
    const files = invoke({ Resource: `${ARN}/GET/files/\${aws:username}` });
    expect(decide([files], `${ARN}/GET/files/`, { "aws:username": "" })).toBe("ImplicitDeny");
    expect(decide([files], `${ARN}/GET/files/bob`, { "aws:username": "bob" })).toBe("Allow");
    const tier = invoke({ Resource: `${ARN}/GET/tiers/\${jwt:custom:tier}*` });
    expect(decide([tier], `${ARN}/GET/tiers/gold`, { "jwt:custom:tier": "" })).toBe("ImplicitDeny");
  });

  it("makes a NotResource Deny apply", () => {
    const deny = invoke({ NotResource: `${ARN}/*/tenants/\${jwt:tenant}*` }, "Deny");
    expect(decide([ALLOW_ALL, deny], `${ARN}/GET/tenants/globex`, { "jwt:tenant": "" })).toBe("ExplicitDeny");
  });

  it("holds for an empty default", () => {
    const files = invoke({ Resource: `${ARN}/GET/files/\${aws:username, ''}*` });
    expect(decide([files], `${ARN}/GET/files/x`, {})).toBe("ImplicitDeny");
  });

  it("is compared as the empty string in condition values", () => {
    const equals = invoke({ Resource: "*", Condition: { StringEquals: { "jwt:team": "${jwt:owner}" } } });
    expect(decide([equals], `${ARN}/GET/x`, { "jwt:team": "", "jwt:owner": "" })).toBe("Allow");
  });
});

describe("why, in words", () => {
  it("names the variable and its value when a Resource did not match for it", () => {
    const policy = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: [invoke({ Sid: "Home", Resource: `${ARN}/GET/home/\${aws:username}/*` })],
      },
      "home.json",
    );
    const request = { action: "execute-api:Invoke", resource: `${ARN}/GET/home/alice/docs/payroll.pdf` };
    const lines = explain(
      evaluate([policy], { ...request, context: { "aws:username": "alice/docs" } }),
      request,
    );
    expect(lines).toContain(
      `home.json Statement[0] (Sid "Home") (Allow) does not apply: Resource does not match because of a policy variable: ${ARN}/GET/home/\${aws:username}/* (\${aws:username} is "alice/docs", which is no text within one path segment: decided against the caller)`,
    );
    const empty = explain(evaluate([policy], { ...request, context: { "aws:username": "" } }), request);
    expect(empty.join("\n")).toContain(
      '(${aws:username} is "", which is no text within one path segment: decided against the caller)',
    );
  });

  // Attack 4, finding 05: the NotResource side, and the Denies that apply for a value, say so too.
  it("names the variable and its value for the NotResource Deny that applied", () => {
    const deny = invoke({ Sid: "Others", NotResource: `${ARN}/*/tenants/\${jwt:tenant}/*` }, "Deny");
    const policy = parsePolicy({ Version: "2012-10-17", Statement: [ALLOW_ALL, deny] }, "tenant.json");
    const request = { action: "execute-api:Invoke", resource: `${ARN}/GET/tenants/a/b/c` };
    const result = evaluate([policy], { ...request, context: { "jwt:tenant": "a/b" } });
    expect(explain(result, request)[0]).toBe(
      `ExplicitDeny: tenant.json Statement[1] (Sid "Others") denies execute-api:Invoke on ${request.resource}, because of a policy variable in its NotResource: ${ARN}/*/tenants/\${jwt:tenant}/* (\${jwt:tenant} is "a/b", which is no text within one path segment: decided against the caller)`,
    );
  });

  it("names the variable and its value for a NotResource Allow that did not apply", () => {
    const allow = invoke({
      Sid: "ApproveOthersOnly",
      NotResource: `${ARN}/POST/s/expenses/\${aws:username}/approve`,
    });
    const policy = parsePolicy({ Version: "2012-10-17", Statement: [allow] }, "sod.json");
    const request = { action: "execute-api:Invoke", resource: `${ARN}/POST/s/expenses/bob/x/approve` };
    const lines = explain(evaluate([policy], { ...request, context: { "aws:username": "bob/x" } }), request);
    expect(lines).toEqual([
      `ImplicitDeny: no statement allows execute-api:Invoke on ${request.resource}`,
      `sod.json Statement[0] (Sid "ApproveOthersOnly") (Allow) does not apply: NotResource is decided against the caller because of a policy variable: ${ARN}/POST/s/expenses/\${aws:username}/approve (\${aws:username} is "bob/x", which is no text within one path segment: decided against the caller)`,
    ]);
  });

  it("names the variable and its value for a Resource Deny that applied", () => {
    const deny = invoke({ Sid: "NoSelfDelete", Resource: `${ARN}/DELETE/users/\${aws:username}` }, "Deny");
    const policy = parsePolicy({ Version: "2012-10-17", Statement: [ALLOW_ALL, deny] }, "self.json");
    const request = { action: "execute-api:Invoke", resource: `${ARN}/DELETE/users/bob/x` };
    const result = evaluate([policy], { ...request, context: { "aws:username": "bob/x" } });
    expect(explain(result, request)[0]).toBe(
      `ExplicitDeny: self.json Statement[1] (Sid "NoSelfDelete") denies execute-api:Invoke on ${request.resource}, because of a policy variable in its Resource: ${ARN}/DELETE/users/\${aws:username} (\${aws:username} is "bob/x", which is no text within one path segment: decided against the caller)`,
    );
    // A plain match needs no word.
    const plain = evaluate([policy], {
      ...request,
      resource: `${ARN}/DELETE/users/bob`,
      context: { "aws:username": "bob" },
    });
    expect(explain(plain)[0]).toBe('ExplicitDeny: self.json Statement[1] (Sid "NoSelfDelete") denies');
  });
});

describe("the statement index with such values", () => {
  // Random resources and values (`/`, empty, wildcards): the index may keep more candidates than
  // match, never fewer.
  it("never leaves out a statement whose action and resource match", () => {
    const values = ["", "a", "a/b", "/", "a/", "*", "b*", "a/*", "GET", "home"];
    const patterns = [
      `${ARN}/GET/home/\${aws:username}/*`,
      `${ARN}/GET/home/\${aws:username}`,
      `${ARN}/*/\${aws:username}/*`,
      `${ARN}/GET/\${aws:username}\${jwt:x}/b`,
      `${ARN}/GET/home/\${jwt:x, ''}*`,
      `arn:aws:execute-api:us-east-1:123456789012:\${jwt:x}/*`,
    ];
    const policy = parsePolicy(
      {
        Version: "2012-10-17",
        Statement: [
          ...patterns.map((r) => invoke({ Resource: r })),
          ...patterns.map((r) => invoke({ NotResource: r }, "Deny")),
          ...patterns.map((r) => invoke({ Resource: r }, "Deny")),
        ],
      },
      "p.json",
    );
    const index = new StatementIndex([policy]);
    const tails = [
      "GET/home/a/b/x",
      "GET/home/a",
      "GET/home/",
      "GET/home/a/",
      "GET/a/b",
      "GET/ab/b",
      "POST/a/b/c",
    ];
    let matched = 0;
    let against = 0;
    for (const tail of tails) {
      const resource = `${ARN}/${tail}`;
      const candidates = index.candidates("execute-api:Invoke", resource);
      for (const username of values) {
        for (const x of values) {
          const context = normalizeContext({ "aws:username": username, "jwt:x": x });
          for (const statement of policy.statements) {
            if (!actionMatches(statement, "execute-api:invoke")) continue;
            const match = resourceMatches(statement, resource, context, false);
            // A Deny decided against the caller applies: the index must keep it too (finding 03).
            if (match !== true && !(match === "against" && statement.effect === "Deny")) continue;
            matched++;
            if (match === "against") against++;
            expect(candidates, `${resource} ${username} ${x} ${statement.resource.patterns}`).toContain(
              statement,
            );
          }
        }
      }
    }
    expect(matched).toBeGreaterThan(100);
    expect(against).toBeGreaterThan(50);
  });

  it("keeps a Resource Deny that applies for a value among many route statements", () => {
    const routes = Array.from({ length: 50 }, (_, i) => invoke({ Resource: `${ARN}/GET/items/${i}/*` }));
    const deny = invoke({ Resource: `${ARN}/DELETE/users/\${aws:username}` }, "Deny");
    const policy = parsePolicy(
      { Version: "2012-10-17", Statement: [...routes, invoke({ Resource: `${ARN}/DELETE/*` }), deny] },
      "p.json",
    );
    const resource = `${ARN}/DELETE/users/bob/x`;
    expect(new StatementIndex([policy]).candidates("execute-api:Invoke", resource)).toContain(
      policy.statements.at(-1),
    );
    const request = { action: "execute-api:Invoke", resource, context: { "aws:username": "bob/x" } };
    expect(evaluate([policy], request).decision).toBe("ExplicitDeny");
  });
});
