import { describe, expect, it } from "vitest";
import { evaluate } from "./evaluate.js";
import { explain } from "./explain.js";
import { parsePolicy } from "./parse.js";
import type { RequestContext } from "./types.js";

// Attack 4, finding 07: when the resource's path was lower-cased (the gateway's
// caseInsensitivePaths), the values substituted into Resource and NotResource are folded the same
// way; a value with no one folded spelling is decided against the caller. Condition values stay as
// written.

const ARN = "arn:aws:execute-api:us-east-1:123456789012:api/prod";
const ALLOW_ALL = { Effect: "Allow", Action: "*", Resource: "*" };
// What the gateway hands in (its foldCase, simplified): refuses the Kelvin sign.
const fold = (value: string) => (value.includes("\u212A") ? undefined : value.toLowerCase());

const invoke = (fields: Record<string, unknown>, effect = "Allow") => ({
  Effect: effect,
  Action: "execute-api:Invoke",
  ...fields,
});

function decide(
  statements: Record<string, unknown>[],
  resource: string,
  context: RequestContext,
  folded = true,
) {
  const policy = parsePolicy({ Version: "2012-10-17", Statement: statements }, "p.json");
  const request = { action: "execute-api:Invoke", resource, context };
  return evaluate([policy], request, folded ? { foldValue: fold } : {}).decision;
}

describe("values folded into a lower-cased resource (finding 07)", () => {
  const selfDelete = invoke(
    { Sid: "NoSelfDelete", Resource: `${ARN}/DELETE/users/\${aws:username}` },
    "Deny",
  );

  it("keeps a Deny's Resource for a value in upper case", () => {
    expect(decide([ALLOW_ALL, selfDelete], `${ARN}/DELETE/users/bob`, { "aws:username": "Bob" })).toBe(
      "ExplicitDeny",
    );
    expect(decide([ALLOW_ALL, selfDelete], `${ARN}/DELETE/users/alice`, { "aws:username": "Bob" })).toBe(
      "Allow",
    );
    // Without the option the value is compared as it is: the resource's path was not folded.
    expect(decide([ALLOW_ALL, selfDelete], `${ARN}/DELETE/users/bob`, { "aws:username": "Bob" }, false)).toBe(
      "Allow",
    );
  });

  it("keeps a NotResource Allow's exception, and folds defaults too", () => {
    const sod = invoke({ NotResource: `${ARN}/POST/expenses/\${aws:username}/approve` });
    expect(decide([sod], `${ARN}/POST/expenses/bob/approve`, { "aws:username": "Bob" })).toBe("ImplicitDeny");
    expect(decide([sod], `${ARN}/POST/expenses/alice/approve`, { "aws:username": "Bob" })).toBe("Allow");
    const admins = invoke({ Resource: `${ARN}/DELETE/admins/\${jwt:nobody, 'Root'}` }, "Deny");
    expect(decide([ALLOW_ALL, admins], `${ARN}/DELETE/admins/root`, {})).toBe("ExplicitDeny");
  });

  it("lets an Allow's Resource and a NotResource Deny match the caller's own, in any case", () => {
    const home = invoke({ Resource: `${ARN}/GET/home/\${aws:username}/*` });
    expect(decide([home], `${ARN}/GET/home/bob/x`, { "aws:username": "BOB" })).toBe("Allow");
    const tenant = invoke({ NotResource: `${ARN}/*/tenants/\${jwt:tenant}/*` }, "Deny");
    expect(decide([ALLOW_ALL, tenant], `${ARN}/GET/tenants/acme/x`, { "jwt:tenant": "Acme" })).toBe("Allow");
    expect(decide([ALLOW_ALL, tenant], `${ARN}/GET/tenants/globex/x`, { "jwt:tenant": "Acme" })).toBe(
      "ExplicitDeny",
    );
  });

  it("decides a value with no one folded spelling against the caller, and says so", () => {
    const context = { "aws:username": "\u212Aim" };
    expect(decide([ALLOW_ALL, selfDelete], `${ARN}/DELETE/users/kim`, context)).toBe("ExplicitDeny");
    const home = invoke({ Resource: `${ARN}/GET/home/\${aws:username}/*` });
    expect(decide([home], `${ARN}/GET/home/kim/x`, context)).toBe("ImplicitDeny");
    const policy = parsePolicy({ Version: "2012-10-17", Statement: [ALLOW_ALL, selfDelete] }, "self.json");
    const request = { action: "execute-api:Invoke", resource: `${ARN}/DELETE/users/kim`, context };
    expect(explain(evaluate([policy], request, { foldValue: fold }))[0]).toBe(
      `ExplicitDeny: self.json Statement[1] (Sid "NoSelfDelete") denies, because of a policy variable in its Resource: ${ARN}/DELETE/users/\${aws:username} (\${aws:username} is "\u212Aim", which has no one spelling in lower case: decided against the caller)`,
    );
  });

  it("leaves condition values as written", () => {
    const owner = invoke({ Resource: "*", Condition: { StringEquals: { "jwt:team": "${jwt:owner}" } } });
    expect(decide([owner], `${ARN}/GET/x`, { "jwt:team": "Blue", "jwt:owner": "Blue" })).toBe("Allow");
    expect(decide([owner], `${ARN}/GET/x`, { "jwt:team": "blue", "jwt:owner": "Blue" })).toBe("ImplicitDeny");
  });
});
