// PreSignUp_ExternalProvider: federatedSignIn (as /oauth2/idpresponse and /saml2/idpresponse call
// it) on a context with in-code trigger functions. The event field by field, the first sign-in
// only, a refusal ending the redirect with Cognito's error_description and creating nobody, and a
// link the handler makes through AdminLinkProviderForUser honoured in the same sign-in.
import { describe, expect, it } from "vitest";
import type { OperationDefinition } from "../../src/protocol/json/index.js";
import type { IdentityProviderRecord, PoolRecord } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { adminLinkProviderForUser } from "../../src/user-pool/actions/federated-users/admin-link-provider-for-user.js";
import { userPoolContext } from "../../src/user-pool/context.js";
import { attributeMapping } from "../../src/user-pool/federation/attribute-mapping.js";
import { federatedSignIn } from "../../src/user-pool/federation/federated-sign-in.js";
import { generateMasterKey } from "../../src/runtime/master-key.js";
import {
  functionInvoker,
  type LambdaHandler,
  type TriggerEvent,
} from "../../src/user-pool/triggers/index.js";

const POOL = "us-east-1_FedTrig01";
const ARN = "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up";

async function setUp(handler: LambdaHandler) {
  const events: TriggerEvent[] = [];
  const ctx = userPoolContext({
    storage: sqliteDriver(openSqliteDatabase(":memory:")),
    masterKey: generateMasterKey(),
    region: "us-east-1",
    triggers: {
      invoke: (arn, event, options) => {
        events.push(structuredClone(event));
        return functionInvoker({ [ARN]: handler }).invoke(arn, event, options);
      },
    },
    triggerTimeoutMs: 300,
  });
  const store = await ctx.store();
  const pool = (await store.pools.create(
    { id: POOL, name: "fed", config: { LambdaConfig: { PreSignUp: ARN } } },
    Date.now(),
  )) as PoolRecord;
  const google = (await store.identityProviders.create(
    {
      poolId: POOL,
      name: "Google",
      type: "Google",
      details: { client_id: "c", client_secret: "s", authorize_scopes: "openid" },
      attributeMapping: attributeMapping("Google", { email: "email", name: "name" }, undefined),
      identifiers: [],
    },
    Date.now(),
    300,
  )) as IdentityProviderRecord;
  const signIn = (subject: string, claims: Record<string, unknown>) =>
    federatedSignIn(
      ctx,
      pool,
      { provider: google, subject, claims: { sub: subject, ...claims } },
      { clientId: "hostedclient", headers: new Headers({ "user-agent": "Mozilla/5.0" }) },
    );
  return { ctx, store, pool, events, signIn };
}

describe("PreSignUp_ExternalProvider", () => {
  it("fires on the first sign-in only, with the mapped attributes; autoVerifyEmail marks the email verified", async () => {
    const { store, events, signIn } = await setUp(async (event) => {
      event.response.autoVerifyEmail = true;
      return event;
    });
    const first = await signIn("1001", { email: "fed@example.com", name: "Fed" });
    expect("user" in first).toBe(true);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event).toEqual({
      version: "1",
      triggerSource: "PreSignUp_ExternalProvider",
      region: "us-east-1",
      userPoolId: POOL,
      userName: "google_1001",
      callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "hostedclient" },
      request: {
        userAttributes: { email: "fed@example.com", email_verified: "false", name: "Fed" },
        validationData: null,
      },
      response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
    });
    const user = await store.users.get(POOL, "google_1001");
    expect(user?.status).toBe("EXTERNAL_PROVIDER");
    expect(user?.attributes.email_verified).toBe("true");
    await signIn("1001", { email: "fed@example.com", name: "Fed" });
    expect(events).toHaveLength(1);
  });

  it("a refusal ends the redirect with Cognito's error_description, and creates nobody", async () => {
    const { store, signIn } = await setUp(async () => {
      throw new Error("Not invited");
    });
    expect(await signIn("2002", { email: "x@example.com" })).toEqual({
      error: "invalid_request",
      description: "PreSignUp failed with error Not invited.",
    });
    expect(await store.users.get(POOL, "google_2002")).toBeNull();
  });

  it("a handler that hangs or answers garbage ends the redirect too", async () => {
    const hung = await setUp(() => new Promise(() => undefined));
    expect(await hung.signIn("3003", {})).toEqual({
      error: "invalid_request",
      description: "PreSignUp invocation failed due to error TimeoutException.",
    });
    const garbage = await setUp(async () => "nope");
    expect(await garbage.signIn("3004", {})).toEqual({
      error: "invalid_request",
      description: "Unrecognizable lambda output",
    });
    expect(await garbage.store.users.get(POOL, "google_3004")).toBeNull();
  });

  it("a link the handler makes through AdminLinkProviderForUser signs the identity in as the linked user", async () => {
    let link: (() => unknown) | undefined;
    const { ctx, store, signIn } = await setUp(async (event) => {
      await link?.();
      return event;
    });
    const native = await store.users.create(
      { poolId: POOL, sub: crypto.randomUUID(), username: "native", status: "CONFIRMED", attributes: {} },
      Date.now(),
    );
    const op = adminLinkProviderForUser(ctx) as unknown as OperationDefinition;
    link = () =>
      op.run({
        input: {
          UserPoolId: POOL,
          DestinationUser: { ProviderName: "Cognito", ProviderAttributeValue: "native" },
          SourceUser: {
            ProviderName: "Google",
            ProviderAttributeName: "Cognito_Subject",
            ProviderAttributeValue: "4004",
          },
        },
        operation: "AdminLinkProviderForUser",
        requestId: "r",
        signer: undefined,
        request: {
          headers: new Headers(),
          url: "http://127.0.0.1/",
          sourceIp: undefined,
          receivedAt: Date.now(),
        },
      });
    const result = await signIn("4004", { email: "linked@example.com" });
    if (!("user" in result)) throw new Error(`refused: ${result.description}`);
    expect(result.user.sub).toBe(native.sub);
    expect(await store.users.get(POOL, "google_4004")).toBeNull();
  });
});
