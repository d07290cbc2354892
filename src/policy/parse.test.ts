import { describe, expect, it } from "vitest";
import { PolicyError } from "./errors.js";
import { parsePolicy } from "./parse.js";
import type { PolicyDocument } from "./types.js";

const ARN = "arn:aws:execute-api:us-east-1:123456789012:api/prod/GET/orders";

/** A one-statement 2012-10-17 policy, with `fields` merged into the statement. */
function doc(
  fields: Record<string, unknown> = {},
  top: Record<string, unknown> = { Version: "2012-10-17" },
): PolicyDocument {
  return { ...top, Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: ARN, ...fields }] };
}

/** The PolicyError thrown for `document`; fails the test when nothing or something else is thrown. */
function failure(document: PolicyDocument | string, source = "p.json"): PolicyError {
  try {
    parsePolicy(document, source);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return e as PolicyError;
  }
  throw new Error("parsePolicy did not throw");
}

const message = (document: PolicyDocument | string, source?: string) => failure(document, source).message;

describe("PolicyError", () => {
  it("carries source, path and problem, and a message of all three", () => {
    const e = failure(doc({ Sid: "ReadOrders", Effect: "allow" }), "orders.json");
    expect(e.name).toBe("PolicyError");
    expect(e.source).toBe("orders.json");
    expect(e.path).toBe('Statement[0] (Sid "ReadOrders").Effect');
    expect(e.problem).toBe('must be "Allow" or "Deny"');
    expect(e.message).toBe('orders.json: Statement[0] (Sid "ReadOrders").Effect: must be "Allow" or "Deny"');
  });

  it('names the source "policy" by default', () => {
    expect(() => parsePolicy({})).toThrow(
      "policy: Statement: missing: a policy needs at least one statement",
    );
  });
});

describe("parsePolicy: the document", () => {
  it("parses a minimal policy", () => {
    const policy = parsePolicy(doc(), "orders.json");
    expect(policy.source).toBe("orders.json");
    expect(policy.version).toBe("2012-10-17");
    expect(policy.variables).toBe(true);
    expect(policy.id).toBeUndefined();
    expect(policy.statements).toHaveLength(1);
    const [statement] = policy.statements;
    expect(statement).toMatchObject({
      index: 0,
      sid: undefined,
      effect: "Allow",
      action: { not: false, patterns: ["execute-api:Invoke"] },
      resource: { not: false, patterns: [ARN] },
      principal: undefined,
      conditions: [],
    });
    expect(statement?.policy).toBe(policy);
  });

  it("reads JSON text the same as an object", () => {
    const document = doc(
      { Sid: "A", Condition: { Bool: { "aws:SecureTransport": true } } },
      { Version: "2012-10-17", Id: "x" },
    );
    const fromText = parsePolicy(JSON.stringify(document), "t");
    const fromObject = parsePolicy(document, "t");
    expect(fromText.id).toBe("x");
    expect(fromText.statements[0]?.sid).toBe("A");
    expect(fromText.statements[0]?.conditions).toEqual(fromObject.statements[0]?.conditions);
    expect(fromText.statements[0]?.action).toEqual(fromObject.statements[0]?.action);
  });

  it("accepts a leading byte-order mark in JSON text", () => {
    expect(parsePolicy(`\uFEFF${JSON.stringify(doc())}`).statements).toHaveLength(1);
  });

  it("reads Version 2008-10-17, and no Version as 2008-10-17, without variables", () => {
    const old = parsePolicy(doc({}, { Version: "2008-10-17" }));
    expect([old.version, old.variables]).toEqual(["2008-10-17", false]);
    const none = parsePolicy(doc({}, {}));
    expect([none.version, none.variables]).toEqual(["2008-10-17", false]);
  });

  it("rejects any other Version", () => {
    for (const version of ["2012-10-18", "2012-10-17 ", 2012, null, ""]) {
      expect(message(doc({}, { Version: version }))).toBe(
        'p.json: Version: must be "2012-10-17" or "2008-10-17"',
      );
    }
  });

  it("reads Id, which must be a string", () => {
    expect(parsePolicy(doc({}, { Id: "orders-v1" })).id).toBe("orders-v1");
    expect(message(doc({}, { Id: 7 }))).toBe("p.json: Id: must be a string");
  });

  it("rejects unknown top-level fields, case-sensitively", () => {
    expect(message({ ...doc(), Statment: [] })).toBe(
      "p.json: Statment: unknown field (expected one of: Version, Id, Statement)",
    );
    expect(message({ version: "2012-10-17", Statement: doc().Statement })).toBe(
      "p.json: version: unknown field (expected one of: Version, Id, Statement)",
    );
  });

  it("rejects a document that is not an object", () => {
    for (const document of ["[]", "null", "42", '"text"']) {
      expect(message(document)).toBe("p.json: (document): must be a JSON object");
    }
    expect(message([] as unknown as PolicyDocument)).toBe("p.json: (document): must be a JSON object");
  });

  it("rejects invalid JSON text, keeping the parser's error as cause", () => {
    const e = failure('{"Statement": ', "bad.json");
    expect(e.path).toBe("(document)");
    expect(e.problem).toMatch(/^is not valid JSON \(.+\)$/);
    expect(e.cause).toBeInstanceOf(SyntaxError);
  });

  it("bounds JSON text at 64 KiB, counted in UTF-8 bytes", () => {
    const padded = (n: number, fill: string) => `${JSON.stringify(doc({ Sid: fill.repeat(n) }))}`;
    const base = padded(0, "").length;
    expect(parsePolicy(padded(65536 - base, "a")).statements[0]?.sid).toHaveLength(65536 - base);
    expect(message(padded(65537 - base, "a"))).toBe("p.json: (document): is larger than 64 KiB");
    // 22,000 characters but 66,000 bytes.
    expect(message(padded(22000, "€"))).toBe("p.json: (document): is larger than 64 KiB");
  });

  it("accepts a single Statement object, as statement 0", () => {
    const policy = parsePolicy({ Statement: { Sid: "One", Effect: "Deny", Action: "*", Resource: "*" } });
    expect(policy.statements.map((s) => [s.index, s.sid, s.effect])).toEqual([[0, "One", "Deny"]]);
  });

  it("names a single Statement object without an index in errors", () => {
    expect(message({ Statement: { Effect: "Allow", Action: "*" } })).toBe(
      "p.json: Statement.Resource: missing: a statement needs Resource or NotResource",
    );
    expect(message({ Statement: { Sid: "S", Effect: "Allow", Action: "*", Resource: "x" } })).toBe(
      'p.json: Statement (Sid "S").Resource: must be "*" or an ARN',
    );
  });

  it("requires Statement, an object or a non-empty array of objects", () => {
    expect(message({ Version: "2012-10-17" })).toBe(
      "p.json: Statement: missing: a policy needs at least one statement",
    );
    expect(message({ Statement: [] })).toBe("p.json: Statement: must not be an empty array");
    expect(message({ Statement: "Allow" })).toBe(
      "p.json: Statement: must be an object or an array of objects",
    );
    expect(message({ Statement: null })).toBe("p.json: Statement: must be an object or an array of objects");
    expect(message({ Statement: [doc().Statement, "x"].flat() })).toBe(
      "p.json: Statement[1]: must be an object",
    );
    expect(message({ Statement: [[]] })).toBe("p.json: Statement[0]: must be an object");
  });

  it("keeps statements in order with their indexes", () => {
    const policy = parsePolicy({
      Statement: [
        { Effect: "Allow", Action: "a:B", Resource: "*" },
        { Sid: "Second", Effect: "Deny", NotAction: "c:D", NotResource: ARN },
      ],
    });
    expect(policy.statements.map((s) => [s.index, s.sid, s.effect, s.action.not, s.resource.not])).toEqual([
      [0, undefined, "Allow", false, false],
      [1, "Second", "Deny", true, true],
    ]);
    expect(policy.statements.every((s) => s.policy === policy)).toBe(true);
  });
});

describe("parsePolicy: statements", () => {
  it("reads Effect case-sensitively", () => {
    expect(parsePolicy(doc({ Effect: "Deny" })).statements[0]?.effect).toBe("Deny");
    for (const effect of ["allow", "DENY", "", undefined, true]) {
      expect(message(doc({ Effect: effect }))).toBe('p.json: Statement[0].Effect: must be "Allow" or "Deny"');
    }
  });

  it("rejects unknown statement fields, naming the Sid when there is one", () => {
    expect(message(doc({ Actions: "*" }))).toBe(
      "p.json: Statement[0].Actions: unknown field (expected one of: Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)",
    );
    expect(failure(doc({ Sid: "X", condition: {} })).path).toBe('Statement[0] (Sid "X").condition');
  });

  it("requires Sid to be a string", () => {
    expect(message(doc({ Sid: 3 }))).toBe("p.json: Statement[0].Sid: must be a string");
    expect(message(doc({ Sid: null }))).toBe("p.json: Statement[0].Sid: must be a string");
  });

  it("rejects duplicate Sids", () => {
    const statement = doc().Statement as Record<string, unknown>[];
    const document = {
      Statement: [
        { ...statement[0], Sid: "A" },
        { ...statement[0], Sid: "B" },
        { ...statement[0] },
        { ...statement[0], Sid: "A" },
      ],
    };
    expect(message(document)).toBe(
      'p.json: Statement[3] (Sid "A").Sid: duplicate Sid (also used by Statement[0])',
    );
  });

  it("allows several statements without a Sid", () => {
    const statement = (doc().Statement as object[])[0];
    expect(parsePolicy({ Statement: [statement, statement] }).statements).toHaveLength(2);
  });

  it("needs exactly one of Action and NotAction", () => {
    expect(message(doc({ Action: undefined }))).toBe(
      "p.json: Statement[0].Action: missing: a statement needs Action or NotAction",
    );
    expect(message(doc({ NotAction: "s3:*" }))).toBe(
      "p.json: Statement[0].NotAction: cannot be used together with Action",
    );
  });

  it("needs exactly one of Resource and NotResource", () => {
    expect(message(doc({ Resource: undefined }))).toBe(
      "p.json: Statement[0].Resource: missing: a statement needs Resource or NotResource",
    );
    expect(message(doc({ NotResource: "*" }))).toBe(
      "p.json: Statement[0].NotResource: cannot be used together with Resource",
    );
  });

  it("allows at most one of Principal and NotPrincipal", () => {
    expect(message(doc({ Principal: "*", NotPrincipal: "*" }))).toBe(
      "p.json: Statement[0].NotPrincipal: cannot be used together with Principal",
    );
  });
});

describe("parsePolicy: Action and NotAction", () => {
  const actions = (value: unknown, key = "Action") =>
    parsePolicy(doc({ Action: undefined, [key]: value })).statements[0]!.action;

  it("takes a scalar as a one-element list", () => {
    expect(actions("s3:GetObject")).toEqual({ not: false, patterns: ["s3:GetObject"] });
  });

  it("takes an array, keeping order, case and globs verbatim", () => {
    expect(
      actions(["*", "iam:*AccessKey*", "execute-api:Invoke", "S3:Get?bject", "s3:GetObject"]).patterns,
    ).toEqual(["*", "iam:*AccessKey*", "execute-api:Invoke", "S3:Get?bject", "s3:GetObject"]);
  });

  it("reads NotAction as a negated list", () => {
    expect(actions(["iam:*", "sts:*"], "NotAction")).toEqual({ not: true, patterns: ["iam:*", "sts:*"] });
  });

  it("rejects empty arrays and non-strings", () => {
    expect(message(doc({ Action: [] }))).toBe("p.json: Statement[0].Action: must not be an empty array");
    expect(message(doc({ Action: 5 }))).toBe(
      "p.json: Statement[0].Action: must be a string or an array of strings",
    );
    expect(message(doc({ Action: { s3: "*" } }))).toBe(
      "p.json: Statement[0].Action: must be a string or an array of strings",
    );
    expect(message(doc({ Action: null }))).toBe(
      "p.json: Statement[0].Action: must be a string or an array of strings",
    );
    expect(message(doc({ Action: ["s3:GetObject", 5] }))).toBe(
      "p.json: Statement[0].Action[1]: must be a string",
    );
    expect(message(doc({ Action: ["s3:GetObject", ["s3:PutObject"]] }))).toBe(
      "p.json: Statement[0].Action[1]: must be a string",
    );
  });

  it("rejects patterns that are not * or service:Action", () => {
    const cases: [unknown, string][] = [
      ["", "Action: must not be empty"],
      ["GetObject", 'Action: must be "*" or service:Action, as in s3:GetObject'],
      ["s3:Get:Object", 'Action: must be "*" or service:Action, as in s3:GetObject'],
      [":GetObject", "Action: must start with a service prefix without spaces or wildcards"],
      ["s 3:GetObject", "Action: must start with a service prefix without spaces or wildcards"],
      ["*:GetObject", "Action: must start with a service prefix without spaces or wildcards"],
      ["s?:GetObject", "Action: must start with a service prefix without spaces or wildcards"],
      ["s3:", "Action: must have an action name without spaces after the service prefix"],
      ["s3:Get Object", "Action: must have an action name without spaces after the service prefix"],
      [["s3:*", "**"], 'Action[1]: must be "*" or service:Action, as in s3:GetObject'],
    ];
    for (const [value, expected] of cases)
      expect(message(doc({ Action: value }))).toBe(`p.json: Statement[0].${expected}`);
    expect(message(doc({ Action: undefined, NotAction: ["s3:*", "x"] }))).toBe(
      'p.json: Statement[0].NotAction[1]: must be "*" or service:Action, as in s3:GetObject',
    );
  });

  it("refuses policy variables: as literal text a NotAction holding one would apply to every action", () => {
    const refused = "must not hold a policy variable (${...}): they belong in Resource and condition values";
    expect(message(doc({ Action: "execute-api:Get${jwt:sub}" }))).toBe(
      `p.json: Statement[0].Action: ${refused}`,
    );
    expect(message(doc({ Action: undefined, NotAction: ["s3:*", "s3:${*}"] }))).toBe(
      `p.json: Statement[0].NotAction[1]: ${refused}`,
    );
    expect(message(doc({ Action: "s3:Get${aws:username}" }, { Version: "2008-10-17" }))).toBe(
      `p.json: Statement[0].Action: ${refused}`,
    );
  });
});

describe("parsePolicy: Resource and NotResource", () => {
  const resources = (value: unknown, key = "Resource", version = "2012-10-17") =>
    parsePolicy(doc({ Resource: undefined, [key]: value }, { Version: version })).statements[0]!.resource;

  it("takes *, and ARNs whose resource part holds colons and slashes, verbatim", () => {
    const arns = [
      "*",
      "arn:aws:s3:::bucket/*",
      "arn:aws:execute-api:*:*:api/*/GET/users/a:b",
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*",
      "arn:aws:iam::123456789012:user/${aws:username}",
      "arn:AWS:S3:::Bucket",
    ];
    expect(resources(arns)).toEqual({ not: false, patterns: arns });
    expect(resources("arn:aws:s3:::bucket/${aws:username}", "Resource", "2008-10-17").patterns).toEqual([
      "arn:aws:s3:::bucket/${aws:username}",
    ]);
  });

  it("reads NotResource as a negated list, and a scalar as one element", () => {
    expect(resources(ARN, "NotResource")).toEqual({ not: true, patterns: [ARN] });
  });

  it("rejects strings that are neither * nor an ARN of six parts", () => {
    expect(message(doc({ Resource: "bucket/*" }))).toBe(
      'p.json: Statement[0].Resource: must be "*" or an ARN',
    );
    expect(message(doc({ Resource: "ARN:aws:s3:::b" }))).toBe(
      'p.json: Statement[0].Resource: must be "*" or an ARN',
    );
    expect(message(doc({ Resource: "**" }))).toBe('p.json: Statement[0].Resource: must be "*" or an ARN');
    expect(message(doc({ Resource: ["*", "arn:aws:s3::bucket"] }))).toBe(
      "p.json: Statement[0].Resource[1]: must be an ARN of six parts: arn:partition:service:region:account:resource",
    );
    expect(message(doc({ Resource: "" }))).toBe("p.json: Statement[0].Resource: must not be empty");
    expect(message(doc({ Resource: [] }))).toBe("p.json: Statement[0].Resource: must not be an empty array");
    expect(message(doc({ Resource: undefined, NotResource: [7] }))).toBe(
      "p.json: Statement[0].NotResource[0]: must be a string",
    );
  });

  it("allows at most 512 characters per Resource string", () => {
    const prefix = "arn:aws:s3:::";
    const at512 = prefix + "b".repeat(512 - prefix.length);
    expect(resources(at512).patterns[0]).toHaveLength(512);
    expect(message(doc({ Resource: ["*", `${at512}c`] }))).toBe(
      "p.json: Statement[0].Resource[1]: must be at most 512 characters",
    );
  });
});

describe("parsePolicy: Principal and NotPrincipal", () => {
  const principal = (value: unknown, key = "Principal") =>
    parsePolicy(doc({ [key]: value })).statements[0]!.principal;

  it('reads "*" as anyone', () => {
    expect(principal("*")).toEqual({ not: false, any: true, names: {} });
  });

  it('reads {"AWS": "*"} as anyone', () => {
    expect(principal({ AWS: "*" })).toEqual({ not: false, any: true, names: { AWS: ["*"] } });
    expect(principal({ AWS: ["arn:aws:iam::123456789012:root", "*"] })?.any).toBe(true);
  });

  it("reads names per principal type, scalars as one element", () => {
    expect(
      principal({
        AWS: ["arn:aws:iam::123456789012:root", "123456789012"],
        Federated: "cognito-identity.amazonaws.com",
        Service: ["lambda.amazonaws.com"],
        CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
      }),
    ).toEqual({
      not: false,
      any: false,
      names: {
        AWS: ["arn:aws:iam::123456789012:root", "123456789012"],
        Federated: ["cognito-identity.amazonaws.com"],
        Service: ["lambda.amazonaws.com"],
        CanonicalUser: ["79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"],
      },
    });
  });

  it("reads NotPrincipal as negated", () => {
    expect(principal({ AWS: "arn:aws:iam::123456789012:role/admin" }, "NotPrincipal")).toEqual({
      not: true,
      any: false,
      names: { AWS: ["arn:aws:iam::123456789012:role/admin"] },
    });
  });

  it("rejects other shapes", () => {
    const at = "p.json: Statement[0].Principal";
    expect(message(doc({ Principal: "arn:aws:iam::123456789012:root" }))).toBe(
      `${at}: must be "*" or an object with any of: AWS, Federated, Service, CanonicalUser`,
    );
    expect(message(doc({ Principal: ["*"] }))).toBe(
      `${at}: must be "*" or an object with any of: AWS, Federated, Service, CanonicalUser`,
    );
    expect(message(doc({ Principal: null }))).toBe(
      `${at}: must be "*" or an object with any of: AWS, Federated, Service, CanonicalUser`,
    );
    expect(message(doc({ Principal: {} }))).toBe(`${at}: must name at least one principal`);
    expect(message(doc({ Principal: { aws: "*" } }))).toBe(
      `${at}.aws: unknown principal type (expected one of: AWS, Federated, Service, CanonicalUser)`,
    );
    expect(message(doc({ Principal: { AWS: [] } }))).toBe(`${at}.AWS: must not be an empty array`);
    expect(message(doc({ Principal: { Service: 1 } }))).toBe(
      `${at}.Service: must be a string or an array of strings`,
    );
    expect(message(doc({ Principal: { AWS: ["a", ""] } }))).toBe(`${at}.AWS[1]: must not be empty`);
  });

  it('rejects wildcards other than the whole "*"', () => {
    const at = "p.json: Statement[0]";
    expect(message(doc({ Principal: { AWS: "arn:aws:iam::*:root" } }))).toBe(
      `${at}.Principal.AWS: must not contain wildcards (only "*" as the whole principal)`,
    );
    expect(message(doc({ NotPrincipal: { Service: ["s3.amazonaws.com", "*.amazonaws.com"] } }))).toBe(
      `${at}.NotPrincipal.Service[1]: must not contain wildcards (only "*" as the whole principal)`,
    );
    expect(message(doc({ Principal: { AWS: "12345678901?" } }))).toBe(
      `${at}.Principal.AWS: must not contain wildcards (only "*" as the whole principal)`,
    );
  });

  it("refuses policy variables: as literal text a NotPrincipal holding one would name no caller", () => {
    const at = "p.json: Statement[0]";
    expect(message(doc({ NotPrincipal: { AWS: "arn:aws:iam::123456789012:user/${aws:username}" } }))).toBe(
      `${at}.NotPrincipal.AWS: must not hold a policy variable (\${...}): they belong in Resource and condition values`,
    );
  });
});

describe("parsePolicy: Condition", () => {
  const clauses = (condition: unknown, version = "2012-10-17") =>
    parsePolicy(doc({ Condition: condition }, { Version: version })).statements[0]!.conditions;
  const conditionError = (condition: unknown, version = "2012-10-17") =>
    message(doc({ Condition: condition }, { Version: version }));

  it("fills a clause per operator and key", () => {
    expect(clauses({ StringEquals: { "aws:PrincipalTag/Team": "orders" } })).toEqual([
      {
        operator: "StringEquals",
        base: "StringEquals",
        family: "String",
        negated: false,
        ifExists: false,
        set: undefined,
        key: "aws:PrincipalTag/Team",
        keyLower: "aws:principaltag/team",
        values: ["orders"],
      },
    ]);
  });

  it("reads modifiers into set and ifExists, keeping the operator as written", () => {
    expect(clauses({ "ForAnyValue:StringNotLikeIfExists": { "jwt:scope": ["admin/*", "root"] } })).toEqual([
      {
        operator: "ForAnyValue:StringNotLikeIfExists",
        base: "StringNotLike",
        family: "String",
        negated: true,
        ifExists: true,
        set: "ForAnyValue",
        key: "jwt:scope",
        keyLower: "jwt:scope",
        values: ["admin/*", "root"],
      },
    ]);
    const [all] = clauses({
      "ForAllValues:StringEquals": { "cognito-identity.amazonaws.com:amr": ["authenticated"] },
    });
    expect([all?.set, all?.base, all?.ifExists]).toEqual(["ForAllValues", "StringEquals", false]);
  });

  it("keeps several operators and several keys per operator, in document order", () => {
    const result = clauses({
      StringEquals: { "aws:PrincipalTag/Team": "orders", "jwt:iss": "https://issuer" },
      IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"] },
      NotIpAddress: { "aws:SourceIp": "203.0.113.7" },
    });
    expect(result.map((c) => [c.operator, c.key, c.negated, c.values])).toEqual([
      ["StringEquals", "aws:PrincipalTag/Team", false, ["orders"]],
      ["StringEquals", "jwt:iss", false, ["https://issuer"]],
      ["IpAddress", "aws:SourceIp", false, ["203.0.113.0/24", "2001:db8::/32"]],
      ["NotIpAddress", "aws:SourceIp", true, ["203.0.113.7"]],
    ]);
  });

  it("accepts an empty Condition as no conditions", () => {
    expect(clauses({})).toEqual([]);
  });

  it("reads numbers and booleans, quoted or bare, as strings", () => {
    const result = clauses({
      NumericLessThan: { "aws:MultiFactorAuthAge": 3600, "jwt:n": "3600", "jwt:m": [-1.5, "+2", ".5", "7."] },
      Bool: { "aws:SecureTransport": true, "aws:ViaAWSService": "false", "jwt:x": "TRUE" },
      StringEquals: { "jwt:flag": [true, 0, "x"] },
      Null: { "jwt:groups": false, "jwt:email": "true" },
    });
    expect(result.map((c) => [c.key, c.values])).toEqual([
      ["aws:MultiFactorAuthAge", ["3600"]],
      ["jwt:n", ["3600"]],
      ["jwt:m", ["-1.5", "+2", ".5", "7."]],
      ["aws:SecureTransport", ["true"]],
      ["aws:ViaAWSService", ["false"]],
      ["jwt:x", ["TRUE"]],
      ["jwt:flag", ["true", "0", "x"]],
      ["jwt:groups", ["false"]],
      ["jwt:email", ["true"]],
    ]);
  });

  it("rejects operators that are unknown or differ in case", () => {
    for (const operator of [
      "StringEqualz",
      "stringEquals",
      "ForAllValue:StringEquals",
      "StringEqualsIfexists",
      "toString",
    ]) {
      expect(conditionError({ [operator]: { "aws:username": "bob" } })).toBe(
        `p.json: Statement[0].Condition.${operator}: unknown condition operator`,
      );
    }
    const e = failure(
      {
        Statement: [
          (doc().Statement as object[])[0],
          { Sid: "Two", ...(doc({ Condition: { StringEqualz: {} } }).Statement as object[])[0] },
        ],
      },
      "policies/orders.json",
    );
    expect(e.message).toBe(
      'policies/orders.json: Statement[1] (Sid "Two").Condition.StringEqualz: unknown condition operator',
    );
  });

  it("rejects IfExists on Null", () => {
    expect(conditionError({ NullIfExists: { "jwt:email": "true" } })).toBe(
      "p.json: Statement[0].Condition.NullIfExists: IfExists is not allowed on Null",
    );
    expect(conditionError({ "ForAnyValue:NullIfExists": { "jwt:email": "true" } })).toBe(
      "p.json: Statement[0].Condition.ForAnyValue:NullIfExists: IfExists is not allowed on Null",
    );
  });

  it("rejects badly shaped blocks, keys and values", () => {
    const at = "p.json: Statement[0].Condition";
    expect(conditionError([])).toBe(`${at}: must be an object of condition operators`);
    expect(conditionError(null)).toBe(`${at}: must be an object of condition operators`);
    expect(conditionError("StringEquals")).toBe(`${at}: must be an object of condition operators`);
    expect(conditionError({ StringEquals: "x" })).toBe(
      `${at}.StringEquals: must be an object of condition keys and their values`,
    );
    expect(conditionError({ StringEquals: [{ k: "v" }] })).toBe(
      `${at}.StringEquals: must be an object of condition keys and their values`,
    );
    expect(conditionError({ StringEquals: {} })).toBe(
      `${at}.StringEquals: must name at least one condition key`,
    );
    expect(conditionError({ StringEquals: { "": "x" } })).toBe(
      `${at}.StringEquals.: condition key must not be empty`,
    );
    expect(conditionError({ StringEquals: { "jwt:sub": [] } })).toBe(
      `${at}.StringEquals.jwt:sub: must not be an empty array`,
    );
    expect(conditionError({ StringEquals: { "jwt:sub": null } })).toBe(
      `${at}.StringEquals.jwt:sub: must be a string, number or boolean, or an array of them`,
    );
    expect(conditionError({ StringEquals: { "jwt:sub": { a: 1 } } })).toBe(
      `${at}.StringEquals.jwt:sub: must be a string, number or boolean, or an array of them`,
    );
    expect(conditionError({ StringEquals: { "jwt:sub": ["a", null] } })).toBe(
      `${at}.StringEquals.jwt:sub[1]: must be a string, number or boolean`,
    );
    expect(conditionError({ StringEquals: { "jwt:sub": ["a", ["b"]] } })).toBe(
      `${at}.StringEquals.jwt:sub[1]: must be a string, number or boolean`,
    );
    expect(conditionError({ NumericEquals: { "jwt:n": Number.NaN } })).toBe(
      `${at}.NumericEquals.jwt:n: must be a string, number or boolean, or an array of them`,
    );
  });

  describe("values checked per family", () => {
    const accepts = (operator: string, values: unknown[]) => {
      for (const value of values)
        expect(clauses({ [operator]: { "k:k": value } })[0]?.values, String(value)).toEqual([String(value)]);
    };
    const rejects = (operator: string, values: unknown[], problem: string) => {
      for (const value of values) {
        expect(conditionError({ [operator]: { "k:k": [value] } }), String(value)).toBe(
          `p.json: Statement[0].Condition.${operator}.k:k[0]: ${problem}`,
        );
      }
    };

    it("Numeric: integers and decimals with an optional sign", () => {
      accepts("NumericEquals", ["0", "42", "-7", "+7", "3.25", "-0.5", ".5", "10.", 12, 1.5, -3]);
      rejects(
        "NumericLessThanIfExists",
        ["", "1e3", "0x10", "1,000", " 1", "one", "1.2.3", "-", "."],
        "must be an integer or decimal number",
      );
      expect(conditionError({ NumericLessThan: { "aws:MultiFactorAuthAge": "an hour" } })).toBe(
        "p.json: Statement[0].Condition.NumericLessThan.aws:MultiFactorAuthAge: must be an integer or decimal number",
      );
    });

    it("Date: W3C ISO 8601 dates and date-times, or epoch seconds", () => {
      accepts("DateGreaterThan", [
        "2024-01-31",
        "2024-02-29",
        "2024-01-31T12:00Z",
        "2024-01-31T12:00:00Z",
        "2024-01-31T12:00:00.123Z",
        "2024-01-31T12:00:00.123456+02:00",
        "2024-12-31T23:59:59-05:30",
        "1704067200",
        1704067200,
        "0",
        // All digits is epoch seconds, never a year.
        "2024",
      ]);
      rejects(
        "DateLessThan",
        [
          "",
          "yesterday",
          "2024-1-31",
          "2024-13-01",
          "2024-00-10",
          "2023-02-29",
          "2024-04-31",
          "2024-01-00",
          "2024-01-31T12:00:00",
          "2024-01-31T24:00:00Z",
          "2024-01-31T12:60:00Z",
          "2024-01-31T12:00:60Z",
          "2024-01-31 12:00:00Z",
          "2024-01-31T12:00:00+0200",
          "2024-01",
          "-1704067200",
          "1704067200.5",
          "2024-01-31T12Z",
          "2024-01-*",
        ],
        "must be an ISO 8601 date or date-time (2024-01-31, 2024-01-31T12:00:00Z) or epoch seconds",
      );
    });

    it("Bool and Null: true or false, in any case", () => {
      accepts("Bool", ["true", "false", "True", "FALSE", true, false]);
      accepts("Null", ["true", "false", "TRUE", true, false]);
      rejects("Bool", ["yes", "1", "", "t", 1], 'must be "true" or "false"');
      rejects("Null", ["no", "0", " true"], 'must be "true" or "false"');
      accepts("BoolIfExists", ["true"]);
    });

    it("Binary: padded base64", () => {
      accepts("BinaryEquals", ["QmluYXJ5VmFsdWVJbkJhc2U2NA==", "YWJj", "YWI=", "+/+/"]);
      rejects(
        "BinaryEquals",
        ["", "YWI", "YW=", "YWJj=", "Y WJj", "YWJj====", "YW-_", "=YWJ"],
        "must be base64",
      );
    });

    it("Ip: IPv4 and IPv6 addresses and CIDR blocks", () => {
      accepts("IpAddress", [
        "203.0.113.7",
        "203.0.113.0/24",
        "0.0.0.0/0",
        "255.255.255.255/32",
        "2001:db8::/32",
        "::",
        "::1",
        "::/0",
        "2001:0db8:0000:0000:0000:ff00:0042:8329",
        "2001:db8::ff00:42:8329/128",
        "fe80::",
        "::ffff:192.0.2.1",
        "64:ff9b::192.0.2.33/96",
        "1:2:3:4:5:6:1.2.3.4",
      ]);
      rejects(
        "NotIpAddress",
        [
          "",
          "203.0.113",
          "203.0.113.256",
          "203.0.113.07",
          "203.0.113.0/33",
          "203.0.113.0/",
          "203.0.113.0/024",
          "203.0.113.0/24/1",
          "2001:db8::/129",
          "2001:db8:::1",
          "2001::db8::1",
          "1:2:3:4:5:6:7",
          "1:2:3:4:5:6:7:8:9",
          "1:2:3:4:5:6:7::8",
          "12345::",
          "g::1",
          ":1::",
          "1.2.3.4::",
          "::1.2.3",
          "203.0.113.*",
          "localhost",
          " 203.0.113.7",
        ],
        "must be an IPv4 or IPv6 address or CIDR block",
      );
    });

    it("String and Arn: anything, as written", () => {
      accepts("StringLike", ["", "*", "a?c", "${aws:username}", " spaced "]);
      accepts("ArnLike", ["arn:aws:iam::*:role/x", "*", "not-an-arn", "${aws:PrincipalArn}"]);
    });
  });

  describe("policy variables", () => {
    it("are allowed in String and Arn values under 2012-10-17, and kept unexpanded", () => {
      expect(
        clauses({
          StringEquals: { "s3:prefix": "home/${aws:username}/" },
          StringLikeIfExists: { "jwt:sub": "${cognito-identity.amazonaws.com:sub}*" },
          ArnLike: { "aws:SourceArn": "arn:aws:s3:::${aws:PrincipalTag/bucket, 'shared'}" },
        }).map((c) => c.values),
      ).toEqual([
        ["home/${aws:username}/"],
        ["${cognito-identity.amazonaws.com:sub}*"],
        ["arn:aws:s3:::${aws:PrincipalTag/bucket, 'shared'}"],
      ]);
    });

    it("are rejected in other families under 2012-10-17", () => {
      const problem = "policy variables are allowed only in String and Arn operators";
      for (const operator of ["NumericEquals", "DateLessThan", "Bool", "BinaryEquals", "IpAddress", "Null"]) {
        expect(failure(doc({ Condition: { [operator]: { "k:k": ["${aws:x}"] } } })).problem).toBe(problem);
      }
      expect(message(doc({ Condition: { IpAddress: { "aws:SourceIp": "${jwt:ip}" } } }))).toBe(
        `p.json: Statement[0].Condition.IpAddress.aws:SourceIp: ${problem}`,
      );
    });

    it("are literal text under 2008-10-17 or without Version: fine in String, invalid values elsewhere", () => {
      for (const version of ["2008-10-17", undefined]) {
        const top = version === undefined ? {} : { Version: version };
        expect(
          parsePolicy(doc({ Condition: { StringEquals: { "s3:prefix": "${aws:username}" } } }, top))
            .statements[0]?.conditions[0]?.values,
        ).toEqual(["${aws:username}"]);
        expect(message(doc({ Condition: { NumericEquals: { "jwt:n": "${jwt:m}" } } }, top))).toBe(
          "p.json: Statement[0].Condition.NumericEquals.jwt:n: must be an integer or decimal number",
        );
        expect(message(doc({ Condition: { Null: { "jwt:n": "${jwt:m}" } } }, top))).toBe(
          'p.json: Statement[0].Condition.Null.jwt:n: must be "true" or "false"',
        );
      }
    });
  });
});

describe("parsePolicy: freezing", () => {
  const policy = parsePolicy(
    doc({
      Sid: "S",
      Principal: { AWS: ["arn:aws:iam::123456789012:root"] },
      Condition: { StringEquals: { "jwt:sub": ["a", "b"] } },
    }),
  );
  const statement = policy.statements[0]!;

  it("freezes the policy, its statements and everything in them", () => {
    const frozen = [
      policy,
      policy.statements,
      statement,
      statement.action,
      statement.action.patterns,
      statement.resource,
      statement.resource.patterns,
      statement.principal,
      statement.principal?.names,
      statement.principal?.names.AWS,
      statement.conditions,
      statement.conditions[0],
      statement.conditions[0]?.values,
    ];
    for (const [i, value] of frozen.entries()) expect(Object.isFrozen(value), `#${i}`).toBe(true);
    expect(Object.isFrozen(parsePolicy(doc({ Principal: "*" })).statements[0]?.principal?.names)).toBe(true);
  });

  it("throws on mutation, in strict mode", () => {
    expect(() => (statement.action.patterns as string[]).push("*")).toThrow(TypeError);
    expect(() => {
      (statement as { effect: string }).effect = "Deny";
    }).toThrow(TypeError);
    expect(() => {
      (statement.conditions[0]!.values as string[])[0] = "c";
    }).toThrow(TypeError);
    expect(() => (policy.statements as unknown[]).pop()).toThrow(TypeError);
  });

  it("does not share arrays with the input document", () => {
    const actions = ["s3:GetObject"];
    const parsed = parsePolicy(doc({ Action: actions }));
    actions.push("s3:PutObject");
    expect(parsed.statements[0]?.action.patterns).toEqual(["s3:GetObject"]);
    expect(Object.isFrozen(actions)).toBe(false);
  });
});

describe("parsePolicy({ kind })", () => {
  const statement = { Effect: "Allow", Action: "*", Resource: "*" };
  it("refuses a Principal in an identity policy, and a statement without one in a resource policy", () => {
    expect(() =>
      parsePolicy({ Statement: { ...statement, Principal: "*" } }, "id.json", { kind: "identity" }),
    ).toThrow("id.json: Statement.Principal: an identity policy names no principal");
    expect(() =>
      parsePolicy({ Statement: [{ ...statement, NotPrincipal: { AWS: "123456789012" } }] }, "id.json", {
        kind: "identity",
      }),
    ).toThrow("id.json: Statement[0].NotPrincipal: an identity policy names no principal");
    expect(() => parsePolicy({ Statement: [statement] }, "res.json", { kind: "resource" })).toThrow(
      "res.json: Statement[0]: a resource policy statement needs a Principal or NotPrincipal",
    );
    expect(
      parsePolicy({ Statement: [{ ...statement, Principal: "*" }] }, "res.json", { kind: "resource" })
        .statements[0]!.principal?.any,
    ).toBe(true);
    expect(parsePolicy({ Statement: [statement] }, "id.json", { kind: "identity" }).statements).toHaveLength(
      1,
    );
  });
});
