// Identity pools' management operations driven by @aws-sdk/client-cognito-identity against the
// real Node entry, over HTTP.
import {
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetPrincipalTagAttributeMapCommand,
  InvalidParameterException,
  LimitExceededException,
  ListIdentityPoolsCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  SetPrincipalTagAttributeMapCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateIdentityPoolCommand,
} from "@aws-sdk/client-cognito-identity";
import { describe, expect, it } from "vitest";
import { identityServer, rejection } from "./setup.js";

const { identity, url } = identityServer();
const POOL_ID = /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const arnOf = (id: string) => `arn:aws:cognito-identity:us-east-1:000000000000:identitypool/${id}`;

async function createPool(name = "app identities", extra: Record<string, unknown> = {}) {
  return identity().send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: name,
      AllowUnauthenticatedIdentities: false,
      ...extra,
    }),
  );
}

describe("identity pools through the AWS SDK v3", () => {
  it("creates a pool with every setting and describes it as it was given", async () => {
    const created = await createPool("app identities", {
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: true,
      SupportedLoginProviders: { "accounts.google.com": "123-abc.apps.googleusercontent.com" },
      DeveloperProviderName: "login.example.app",
      OpenIdConnectProviderARNs: ["arn:aws:iam::000000000000:oidc-provider/idp.example.com"],
      CognitoIdentityProviders: [
        {
          ProviderName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
          ClientId: "client1",
          ServerSideTokenCheck: true,
        },
        { ProviderName: "127.0.0.1:9229/us-east-1_AbC123", ClientId: "client2" },
      ],
      IdentityPoolTags: { team: "identity" },
    });
    expect(created.IdentityPoolId).toMatch(POOL_ID);
    const described = await identity().send(
      new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId }),
    );
    expect(described).toMatchObject({
      IdentityPoolId: created.IdentityPoolId,
      IdentityPoolName: "app identities",
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: true,
      SupportedLoginProviders: { "accounts.google.com": "123-abc.apps.googleusercontent.com" },
      DeveloperProviderName: "login.example.app",
      OpenIdConnectProviderARNs: ["arn:aws:iam::000000000000:oidc-provider/idp.example.com"],
      CognitoIdentityProviders: [
        {
          ProviderName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
          ClientId: "client1",
          ServerSideTokenCheck: true,
        },
        { ProviderName: "127.0.0.1:9229/us-east-1_AbC123", ClientId: "client2", ServerSideTokenCheck: false },
      ],
      IdentityPoolTags: { team: "identity" },
    });
  });

  it("refuses a bad name, a bad user-pool provider and a duplicate provider with InvalidParameterException", async () => {
    expect(await rejection(createPool("bad/name"))).toBeInstanceOf(InvalidParameterException);
    const badProvider = await rejection(
      createPool("p", {
        CognitoIdentityProviders: [{ ProviderName: "cognito-idp.us-east-1.amazonaws.com/", ClientId: "c" }],
      }),
    );
    expect(badProvider).toBeInstanceOf(InvalidParameterException);
    expect(badProvider.message).toContain("cognito-idp.us-east-1.amazonaws.com/");
    const provider = { ProviderName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123", ClientId: "c" };
    expect(
      await rejection(createPool("p", { CognitoIdentityProviders: [provider, provider] })),
    ).toBeInstanceOf(InvalidParameterException);
  });

  it("updates the settings, keeps the tags when none are given, and never changes the developer provider name", async () => {
    const { IdentityPoolId } = await createPool("before", {
      DeveloperProviderName: "dev.example",
      IdentityPoolTags: { keep: "me" },
    });
    const updated = await identity().send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId,
        IdentityPoolName: "after",
        AllowUnauthenticatedIdentities: true,
      }),
    );
    expect(updated).toMatchObject({
      IdentityPoolName: "after",
      AllowUnauthenticatedIdentities: true,
      DeveloperProviderName: "dev.example",
      IdentityPoolTags: { keep: "me" },
    });
    const changed = await rejection(
      identity().send(
        new UpdateIdentityPoolCommand({
          IdentityPoolId,
          IdentityPoolName: "after",
          AllowUnauthenticatedIdentities: true,
          DeveloperProviderName: "other.example",
        }),
      ),
    );
    expect(changed).toBeInstanceOf(InvalidParameterException);
    const described = await identity().send(new DescribeIdentityPoolCommand({ IdentityPoolId }));
    expect(described.DeveloperProviderName).toBe("dev.example");
  });

  it("lists pools a page at a time, and deletes one: then it is not found, in Cognito's words", async () => {
    const ids = [(await createPool("l1")).IdentityPoolId!, (await createPool("l2")).IdentityPoolId!];
    const seen: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await identity().send(new ListIdentityPoolsCommand({ MaxResults: 1, NextToken }));
      expect(page.IdentityPools!.length).toBeLessThanOrEqual(1);
      seen.push(...page.IdentityPools!.map((p) => p.IdentityPoolId!));
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(seen).toEqual([...seen].sort());
    await identity().send(new DeleteIdentityPoolCommand({ IdentityPoolId: ids[0] }));
    const gone = await rejection(
      identity().send(new DescribeIdentityPoolCommand({ IdentityPoolId: ids[0] })),
    );
    expect(gone).toBeInstanceOf(ResourceNotFoundException);
    expect(gone.message).toBe(`IdentityPool '${ids[0]}' not found.`);
    expect(
      await rejection(identity().send(new DeleteIdentityPoolCommand({ IdentityPoolId: ids[0] }))),
    ).toBeInstanceOf(ResourceNotFoundException);
    const foreign = await rejection(
      identity().send(new ListIdentityPoolsCommand({ MaxResults: 5, NextToken: "bm90LW91cnM" })),
    );
    expect(foreign).toBeInstanceOf(InvalidParameterException);
  });

  it("tags, untags and lists a pool's tags by its ARN; a foreign ARN is refused", async () => {
    const { IdentityPoolId } = await createPool("tagged", { IdentityPoolTags: { a: "1" } });
    const arn = arnOf(IdentityPoolId!);
    await identity().send(new TagResourceCommand({ ResourceArn: arn, Tags: { b: "2", a: "one" } }));
    expect((await identity().send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({
      a: "one",
      b: "2",
    });
    await identity().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["a", "missing"] }));
    expect((await identity().send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual({
      b: "2",
    });
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    expect(
      await rejection(identity().send(new TagResourceCommand({ ResourceArn: arn, Tags: many }))),
    ).toBeInstanceOf(InvalidParameterException);
    const otherRegion = arn.replace("us-east-1:0", "eu-west-1:0");
    expect(
      await rejection(identity().send(new ListTagsForResourceCommand({ ResourceArn: otherRegion }))),
    ).toBeInstanceOf(InvalidParameterException);
    const missing = arnOf("us-east-1:00000000-0000-4000-8000-000000000000");
    expect(
      await rejection(identity().send(new ListTagsForResourceCommand({ ResourceArn: missing }))),
    ).toBeInstanceOf(ResourceNotFoundException);
  });

  it("keeps a provider's principal-tag map, and answers no defaults and no tags for one never set", async () => {
    const { IdentityPoolId } = await createPool("tags of principals");
    const provider = "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123";
    expect(
      await identity().send(
        new GetPrincipalTagAttributeMapCommand({ IdentityPoolId, IdentityProviderName: provider }),
      ),
    ).toMatchObject({
      IdentityPoolId,
      IdentityProviderName: provider,
      UseDefaults: false,
      PrincipalTags: {},
    });
    const set = await identity().send(
      new SetPrincipalTagAttributeMapCommand({
        IdentityPoolId,
        IdentityProviderName: provider,
        PrincipalTags: { department: "custom:department" },
      }),
    );
    expect(set).toMatchObject({ UseDefaults: false, PrincipalTags: { department: "custom:department" } });
    expect(
      await identity().send(
        new GetPrincipalTagAttributeMapCommand({ IdentityPoolId, IdentityProviderName: provider }),
      ),
    ).toMatchObject({ UseDefaults: false, PrincipalTags: { department: "custom:department" } });
  });

  it("refuses the management operations unsigned or signed with another key", async () => {
    const response = await fetch(url(), {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityService.ListIdentityPools",
      },
      body: JSON.stringify({ MaxResults: 10 }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe(
      "MissingAuthenticationTokenException",
    );
    const stranger = { accessKeyId: "AKIASTRANGER00000000", secretAccessKey: "x".repeat(40) };
    const refused = await rejection(
      identity(stranger).send(new ListIdentityPoolsCommand({ MaxResults: 10 })),
    );
    expect(refused.name).toBe("UnrecognizedClientException");
  });

  it("holds at most 1000 pools (LimitExceededException)", { timeout: 60_000 }, async () => {
    let count = 0;
    let NextToken: string | undefined;
    do {
      const page = await identity().send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken }));
      count += page.IdentityPools!.length;
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    for (; count < 1000; count += 1) await createPool(`filler ${count}`);
    const refused = await rejection(createPool("one too many"));
    expect(refused).toBeInstanceOf(LimitExceededException);
    expect(refused.message).toContain("1000");
  });
});
