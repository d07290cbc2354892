import { describe, expect, expectTypeOf, it } from "vitest";
import { AwsError } from "./errors.js";
import { boolean, document, integer, list, long, map, string, structure, type Infer } from "./shapes.js";
import { validateInput } from "./validate.js";

// Shapes as the Cognito model declares them (UsernameType, PasswordType, ClientIdType are sensitive).
const Username = string({
  required: true,
  min: 1,
  max: 128,
  pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
  sensitive: true,
});
const Attribute = structure({
  Name: string({ required: true, min: 1, max: 32, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" }),
  Value: string({ max: 2048, sensitive: true }),
});
const SignUp = structure({
  ClientId: string({ required: true, min: 1, max: 128, pattern: "[\\w+]+", sensitive: true }),
  Username,
  Password: string({ min: 6, max: 256, pattern: "[\\S]+", sensitive: true }),
  UserAttributes: list(Attribute),
  ClientMetadata: map(string({ min: 1, max: 131072 }), string({ max: 131072 })),
});
const ListUsers = structure({
  UserPoolId: string({ required: true, min: 1, max: 55, pattern: "[\\w-]+_[0-9a-zA-Z]+" }),
  AttributesToGet: list(string({ min: 1, max: 32, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" })),
  Limit: integer({ min: 0, max: 60 }),
  Filter: string({ max: 256 }),
});
const Auth = structure({
  AuthFlow: string({ required: true, enum: ["USER_SRP_AUTH", "USER_PASSWORD_AUTH"] }),
  AuthParameters: map(string(), string(), { sensitive: true }),
});

function failure(run: () => unknown): { type: string; message: string | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof AwsError) return { type: error.type, message: error.wireMessage };
    throw error;
  }
  throw new Error("no error");
}

describe("validateInput: constraints, in AWS's words", () => {
  it("names a missing member in lowerCamel, with `Value null` even for a sensitive shape", () => {
    expect(failure(() => validateInput(SignUp, { Username: "alice" }))).toEqual({
      type: "InvalidParameterException",
      message:
        "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    });
  });

  it("never echoes a sensitive value, and lists every broken constraint (length before pattern)", () => {
    expect(
      failure(() => validateInput(SignUp, { ClientId: "c", Username: "", Password: "a b" })).message,
    ).toBe(
      "4 validation errors detected: " +
        "Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+; " +
        "Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 6; " +
        "Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+",
    );
    expect(
      failure(() => validateInput(SignUp, { ClientId: "c", Username: "alice", Password: "abcdef ghi" }))
        .message,
    ).toBe(
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+",
    );
  });

  it("echoes other values in quotes, and numbers' ranges", () => {
    expect(failure(() => validateInput(ListUsers, { UserPoolId: "pool", Limit: 61 })).message).toBe(
      "2 validation errors detected: " +
        "Value 'pool' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+; " +
        "Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
    expect(
      failure(() => validateInput(ListUsers, { UserPoolId: "us-east-1_A", Filter: "x".repeat(257) })).message,
    ).toMatch(
      /^1 validation error detected: Value 'x{257}' at 'filter' failed to satisfy constraint: Member must have length less than or equal to 256$/,
    );
  });

  it("names enums with their value set", () => {
    expect(failure(() => validateInput(Auth, { AuthFlow: "PLAIN" })).message).toBe(
      "1 validation error detected: Value 'PLAIN' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, USER_PASSWORD_AUTH]",
    );
  });

  it("reports a scalar list element on the list, with all its shape's constraints", () => {
    expect(
      failure(() => validateInput(ListUsers, { UserPoolId: "us-east-1_A", AttributesToGet: ["email", ""] }))
        .message,
    ).toBe(
      "1 validation error detected: Value '[email, ]' at 'attributesToGet' failed to satisfy constraint: Member must satisfy constraint: " +
        "[Member must have length less than or equal to 32, Member must have length greater than or equal to 1, " +
        "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+]",
    );
  });

  it("reports structure elements by their 1-based path", () => {
    const input = {
      ClientId: "c",
      Username: "u",
      UserAttributes: [{ Name: "email", Value: "a@b" }, { Value: "x" }, { Name: "" }],
    };
    expect(failure(() => validateInput(SignUp, input)).message).toBe(
      "3 validation errors detected: " +
        "Value null at 'userAttributes.2.member.name' failed to satisfy constraint: Member must not be null; " +
        "Value '' at 'userAttributes.3.member.name' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'userAttributes.3.member.name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
    );
    expect(
      failure(() => validateInput(SignUp, { ClientId: "c", Username: "u", UserAttributes: [null] })).message,
    ).toBe(
      "1 validation error detected: Value null at 'userAttributes.1.member' failed to satisfy constraint: Member must not be null",
    );
  });

  it("reports maps' keys and values, sensitive maps without their value", () => {
    expect(
      failure(() => validateInput(SignUp, { ClientId: "c", Username: "u", ClientMetadata: { "": "v" } }))
        .message,
    ).toBe(
      "1 validation error detected: Value '{=v}' at 'clientMetadata' failed to satisfy constraint: Map keys must satisfy constraint: " +
        "[Member must have length less than or equal to 131072, Member must have length greater than or equal to 1]",
    );
    expect(
      failure(() => validateInput(Auth, { AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: null } }))
        .message,
    ).toBe(
      "1 validation error detected: Value at 'authParameters' failed to satisfy constraint: Map value must satisfy constraint: [Member must not be null]",
    );
  });

  it("checks a map's structure values whole, their members under the map's path", () => {
    // Cognito Identity's RoleMappings: provider name to RoleMapping.
    const Mappings = structure({
      RoleMappings: map(
        string({ min: 1, max: 128 }),
        structure({
          Type: string({ required: true, enum: ["Token", "Rules"] }),
          Rules: list(structure({ Claim: string({ required: true, min: 1, max: 64 }) }), { min: 1 }),
        }),
      ),
    });
    expect(failure(() => validateInput(Mappings, { RoleMappings: { p: { Rules: [{}] } } })).message).toBe(
      "2 validation errors detected: " +
        "Value null at 'roleMappings.type' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'roleMappings.rules.1.member.claim' failed to satisfy constraint: Member must not be null",
    );
    expect(
      failure(() => validateInput(Mappings, { RoleMappings: { p: { Type: "Token", Rules: [] } } })).message,
    ).toBe(
      "1 validation error detected: Value '[]' at 'roleMappings.rules' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(
      validateInput(Mappings, { RoleMappings: { p: { Type: "Rules", Rules: [{ Claim: "c" }] } } }),
    ).toEqual({
      RoleMappings: { p: { Type: "Rules", Rules: [{ Claim: "c" }] } },
    });
  });

  it("does not match a pattern past the maximum length (no quadratic backtracking on a 1 MiB value)", () => {
    const Password = structure({ P: string({ max: 256, pattern: "^[\\S]+.*[\\S]+$", sensitive: true }) });
    const started = performance.now();
    expect(failure(() => validateInput(Password, { P: `${"a".repeat(1 << 20)} ` })).message).toBe(
      "1 validation error detected: Value at 'p' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("lists at most 10 problems", () => {
    const shape = structure(
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`M${i}`, string({ required: true })])),
    );
    const message = failure(() => validateInput(shape, {})).message!;
    expect(message).toMatch(/^10 validation errors detected: /);
    expect(message.split("; ")).toHaveLength(10);
  });
});

describe("validateInput: JSON types, as Coral deserializes them", () => {
  const All = structure({
    S: string(),
    I: integer(),
    L: long(),
    B: boolean(),
    List: list(string()),
    Map: map(string(), string()),
    Struct: structure({ A: string() }),
    Doc: document(),
  });
  const cases: [Record<string, unknown>, string][] = [
    [{ S: true }, "class java.lang.Boolean can not be converted to an String"],
    [
      { S: 23 },
      "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
    ],
    [{ S: [] }, "Start of list found where not expected"],
    [{ S: {} }, "Start of structure or map found where not expected."],
    [{ I: "23" }, "class java.lang.String can not be converted to an Integer"],
    [{ L: true }, "class java.lang.Boolean can not be converted to an Long"],
    [{ I: 2 ** 31 }, "Numeric value (2147483648) out of range of int"],
    [{ B: "23" }, "'23' can not be converted to an Boolean"],
    [
      { B: 1 },
      "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean",
    ],
    [{ List: "a" }, "Expected list or null"],
    [{ List: {} }, "Start of structure or map found where not expected."],
    [
      { List: [1] },
      "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String",
    ],
    [{ Map: 1 }, "Expected map or null"],
    [{ Map: [] }, "Start of list found where not expected"],
    [{ Map: { k: {} } }, "Start of structure or map found where not expected."],
    [{ Struct: "x" }, "Expected null"],
    [{ Struct: [] }, "Start of list found where not expected"],
  ];
  it.each(cases)("%j: SerializationException %s", (input, message) => {
    expect(failure(() => validateInput(All, input))).toEqual({ type: "SerializationException", message });
  });

  it("reports the first wrong member in body order", () => {
    expect(failure(() => validateInput(All, { I: "x", S: 1 })).message).toBe(
      "class java.lang.String can not be converted to an Integer",
    );
    expect(failure(() => validateInput(All, { S: 1, I: "x" })).message).toMatch(/to an String$/);
  });

  it("reads null as absent, drops unknown members, truncates fractions, takes any document", () => {
    const input = {
      S: null,
      I: 59.9,
      L: -3.5,
      B: "true",
      Unknown: { deep: [1] },
      Doc: { any: [null, 1] },
      Struct: { A: "a", B: 1 },
    };
    expect(validateInput(All, input)).toEqual({
      I: 59,
      L: -3,
      B: true,
      Doc: { any: [null, 1] },
      Struct: { A: "a" },
    });
  });

  it("keeps a map's __proto__ key as a key", () => {
    const input = JSON.parse('{"Map":{"__proto__":"x","k":"v"}}') as Record<string, unknown>;
    const value = validateInput(All, input);
    expect(Object.keys(value.Map!)).toEqual(["__proto__", "k"]);
    expect(Object.getPrototypeOf(value.Map)).toBe(Object.prototype);
  });
});

describe("shapes", () => {
  it("infer the input type", () => {
    type Input = Infer<typeof Auth>;
    expectTypeOf<Input>().toEqualTypeOf<{
      AuthFlow: "USER_SRP_AUTH" | "USER_PASSWORD_AUTH";
      AuthParameters?: Record<string, string>;
    }>();
    expectTypeOf<Infer<typeof SignUp>["UserAttributes"]>().toEqualTypeOf<
      { Name: string; Value?: string }[] | undefined
    >();
  });

  it("match patterns against the whole value, with Unicode classes", () => {
    expect(() => validateInput(structure({ U: Username }), { U: "Zoë-ünïcode" })).not.toThrow();
    expect(() => validateInput(structure({ P: string({ pattern: "[0-9]+" }) }), { P: "12a" })).toThrow(
      AwsError,
    );
  });
});
