// Hand-written bad input to the identity service's envelope and settings, over the wire to the
// Node entry: another content type, no target or an unknown one, truncated JSON, 2 MB bodies,
// signatures missing or of another key; nested JSON where a string belongs; more tags than an
// identity pool may carry. Each answer is a 4xx of the protocol's own, never a 500 or a hang.
import { beforeAll, describe, expect, it } from "vitest";
import type { Expectation } from "../helpers/bad-input/cases.js";
import { sendAll, type Sent } from "../helpers/bad-input/sweep.js";
import { wire, type Answer } from "../helpers/bad-input/wire.js";
import { echoesNoToken, IDENTITY_WIRE } from "./bad-input-wire.js";
import { ADMIN, identityServer } from "./setup.js";

const { url } = identityServer();
const call = () => wire(url(), ADMIN, IDENTITY_WIRE);
const ok = async (operation: string, input: unknown) => {
  const answer = await call()(operation, JSON.stringify(input));
  if (answer.status !== 200) throw new Error(`${operation}: ${JSON.stringify(answer.body)}`);
  return answer.body as Record<string, unknown>;
};
const send = (cases: readonly Sent[]) => sendAll(call(), cases, 8, echoesNoToken);
const error = (...types: string[]): Expectation => ({ type: "error", types });
/** A Logins entry of a user pool the identity pools here do not list. */
const PROVIDER = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AAAAAAAAA";
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLW9mLWVudmVsb3Bl";

/** An identity pool (guests allowed) and a guest of it. */
let P: string;
let I: string;

beforeAll(async () => {
  P = (await ok("CreateIdentityPool", { IdentityPoolName: "envelope", AllowUnauthenticatedIdentities: true }))
    .IdentityPoolId as string;
  I = (await ok("GetId", { IdentityPoolId: P })).IdentityId as string;
});

describe("nested JSON, over the wire", { timeout: 60_000 }, () => {
  it("answers nested JSON where a string belongs with SerializationException", async () => {
    const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    const deepObject = (n: number) => `${'{"a":'.repeat(n)}"x"${"}".repeat(n)}`;
    const bodies: [string, string][] = [
      ["GetId", '{"IdentityPoolId":{"a":"b"}}'],
      ["GetId", `{"IdentityPoolId":${deep(1000)}}`],
      ["GetId", `{"IdentityPoolId":${deep(100_000)}}`],
      ["GetId", `{"IdentityPoolId":${JSON.stringify(P)},"Logins":{"k":{"nested":"x"}}}`],
      ["GetId", `{"IdentityPoolId":${JSON.stringify(P)},"Logins":{"k":["x"]}}`],
      ["GetId", `{"IdentityPoolId":${JSON.stringify(P)},"Logins":[["k","v"]]}`],
      ["GetId", `{"IdentityPoolId":${JSON.stringify(P)},"Logins":{"k":${deepObject(50_000)}}}`],
      [
        "GetCredentialsForIdentity",
        `{"IdentityId":${JSON.stringify(I)},"CustomRoleArn":${deepObject(1000)}}`,
      ],
      [
        "CreateIdentityPool",
        '{"IdentityPoolName":"n","AllowUnauthenticatedIdentities":true,"SupportedLoginProviders":{"accounts.google.com":{"x":"y"}}}',
      ],
      ["CreateIdentityPool", '{"IdentityPoolName":"n","AllowUnauthenticatedIdentities":{"b":true}}'],
      [
        "UpdateIdentityPool",
        `{"IdentityPoolId":${JSON.stringify(P)},"IdentityPoolName":"n","AllowUnauthenticatedIdentities":true,"CognitoIdentityProviders":[{"ProviderName":["x"]}]}`,
      ],
      [
        "SetIdentityPoolRoles",
        `{"IdentityPoolId":${JSON.stringify(P)},"Roles":{},"RoleMappings":{"p":{"Type":{"x":1}}}}`,
      ],
      [
        "TagResource",
        `{"ResourceArn":"arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${P}","Tags":{"k":${deep(10)}}}`,
      ],
    ];
    const { problems } = await send(
      bodies.map(([operation, body], i) => ({
        operation,
        label: `#${i}`,
        body,
        expect: { type: "SerializationException" },
      })),
    );
    expect(problems).toEqual([]);
  });
});

describe("pool settings past Cognito's limits", { timeout: 60_000 }, () => {
  it("refuses more than 50 tags however they are set, and keeps the pool's own", async () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));
    const pool = (await ok("CreateIdentityPool", {
      IdentityPoolName: "tagged",
      AllowUnauthenticatedIdentities: false,
      IdentityPoolTags: tags(2),
    })) as { IdentityPoolId: string };
    const arn = `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${pool.IdentityPoolId}`;
    const { problems } = await send(
      (
        [
          [
            "CreateIdentityPool",
            { IdentityPoolName: "n", AllowUnauthenticatedIdentities: false, IdentityPoolTags: tags(51) },
          ],
          [
            "UpdateIdentityPool",
            {
              IdentityPoolId: pool.IdentityPoolId,
              IdentityPoolName: "tagged",
              AllowUnauthenticatedIdentities: false,
              IdentityPoolTags: tags(51),
            },
          ],
          ["TagResource", { ResourceArn: arn, Tags: tags(51) }],
          [
            "TagResource",
            {
              ResourceArn: arn,
              Tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`u${i}`, "v"])),
            },
          ],
        ] as const
      ).map(([operation, input], i) => ({
        operation,
        label: `#${i}`,
        body: JSON.stringify(input),
        expect: error("InvalidParameterException"),
      })),
    );
    expect(problems).toEqual([]);
    expect((await ok("ListTagsForResource", { ResourceArn: arn })).Tags).toEqual(tags(2));
  });
});

describe("the envelope, over the wire", { timeout: 60_000 }, () => {
  it("refuses another content type, no target or an unknown one, truncated JSON and 2 MB bodies", async () => {
    const getId = JSON.stringify({ IdentityPoolId: P, Logins: { [PROVIDER]: TOKEN } });
    const describeBody = JSON.stringify({ IdentityPoolId: P });
    const twoMb = "a".repeat(2 * 1024 * 1024);
    const cases: Sent[] = [];
    for (const [operation, body] of [
      ["GetId", getId],
      ["DescribeIdentityPool", describeBody],
    ] as const) {
      for (const contentType of [
        null,
        "application/json",
        "text/plain",
        "application/x-amz-json-1.0",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
      ])
        cases.push({
          operation,
          label: `content type ${contentType}`,
          body,
          expect: error("AccessDeniedException"),
          changes: { contentType },
        });
      for (const target of [
        null,
        "AWSCognitoIdentityService.",
        "AWSCognitoIdentityService.Nope",
        `AWSCognitoIdentityService.${operation.toLowerCase()}`,
        `AWSCognitoIdentityService.${operation}.Extra`,
        `awscognitoidentityservice.${operation}`,
        "AWSCognitoIdentityService.__proto__",
        "AWSCognitoIdentityService.constructor",
        "AWSCognitoIdentityService.hasOwnProperty",
        `AWSCognitoIdentityService.${"x".repeat(10_000)}`,
      ])
        cases.push({
          operation,
          label: `target ${String(target).slice(0, 60)}`,
          body,
          expect: error("UnknownOperationException"),
          changes: { target },
        });
      for (const cut of [1, 2, Math.floor(body.length / 2), body.length - 1])
        cases.push({
          operation,
          label: `cut at ${cut}`,
          body: body.slice(0, cut),
          expect: { type: "SerializationException" },
          bare: true,
        });
      cases.push(
        {
          operation,
          label: "2 MB in a member",
          body: JSON.stringify({ IdentityPoolId: P, Logins: { [PROVIDER]: twoMb } }),
          expect: error("RequestEntityTooLargeException"),
        },
        {
          operation,
          label: "2 MB of spaces",
          body: `${" ".repeat(2 * 1024 * 1024)}{}`,
          expect: error("RequestEntityTooLargeException"),
        },
      );
    }
    const { problems } = await send(cases);
    expect(problems).toEqual([]);
  });

  it("refuses a signed operation sent unsigned or signed with another key, and never answers 500 to a signed unsigned one", async () => {
    const operations = [
      "DescribeIdentityPool",
      "ListIdentities",
      "DeleteIdentityPool",
      "GetOpenIdTokenForDeveloperIdentity",
    ];
    const input = { IdentityPoolId: P, MaxResults: 1, Logins: { "login.bad-input": "dev-signed" } };
    const unsigned = wire(url(), ADMIN, { ...IDENTITY_WIRE, unsigned: new Set(operations) });
    const stranger = wire(
      url(),
      { accessKeyId: "AKIAUNKNOWNKEY000001", secretAccessKey: "x".repeat(40) },
      {
        ...IDENTITY_WIRE,
        unsigned: new Set(),
      },
    );
    const answers: [string, Answer][] = [];
    for (const operation of operations) {
      answers.push([`${operation} unsigned`, await unsigned(operation, JSON.stringify(input))]);
      answers.push([`${operation} another key`, await stranger(operation, JSON.stringify(input))]);
    }
    for (const [what, answer] of answers) {
      expect(answer.status, what).toBeGreaterThanOrEqual(400);
      expect(answer.status, what).toBeLessThan(500);
      expect(typeof answer.body.__type, what).toBe("string");
    }
    // The pool is still there.
    expect((await ok("DescribeIdentityPool", { IdentityPoolId: P })).IdentityPoolId).toBe(P);
    // An unsigned operation signed with a key the service does not know is still only unsigned.
    const signedGetId = await stranger("GetId", JSON.stringify({ IdentityPoolId: P }));
    expect(signedGetId.status).toBeLessThan(500);
  });
});
