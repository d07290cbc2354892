// User pool domains driven by the real AWS SDK v3 Cognito client against the real Node entry, over
// HTTP: prefix and custom domains, their rules and Cognito's errors, one of each kind per pool, the
// domain in DescribeUserPool, and a deleted pool's domains set free.
import {
  CreateUserPoolDomainCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  FeatureUnavailableInTierException,
  InvalidParameterException,
  ResourceNotFoundException,
  UpdateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { rejection, usersServer } from "./users-setup.js";

const { admin, newPool } = usersServer();
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const CERT2 = "arn:aws:acm:us-east-1:123456789012:certificate/66666666-2222-3333-4444-555555555555";
const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

async function refused(promise: Promise<unknown>, type: new (...args: never[]) => Error, message?: string) {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(type);
  if (message !== undefined) expect(error.message).toBe(message);
}

describe("user pool domains", () => {
  it("creates a prefix domain, ACTIVE at once, and describes it by name alone", async () => {
    const UserPoolId = await newPool();
    const Domain = unique("my-app");
    const created = await admin().send(new CreateUserPoolDomainCommand({ UserPoolId, Domain }));
    expect(created.ManagedLoginVersion).toBe(1);
    expect(created.CloudFrontDomain).toBeUndefined();
    const { DomainDescription } = await admin().send(new DescribeUserPoolDomainCommand({ Domain }));
    expect(DomainDescription).toMatchObject({
      UserPoolId,
      Domain,
      Status: "ACTIVE",
      ManagedLoginVersion: 1,
      CustomDomainConfig: {},
      AWSAccountId: expect.stringMatching(/^\d{12}$/),
      CloudFrontDistribution: expect.stringMatching(/^d[0-9a-f]{13}\.cloudfront\.net$/),
    });
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 8);
    expect(DomainDescription!.Version).toMatch(new RegExp(`^${stamp}\\d{6}$`));
    const { UserPool } = await admin().send(new DescribeUserPoolCommand({ UserPoolId }));
    expect(UserPool!.Domain).toBe(Domain);
    expect(UserPool!.CustomDomain).toBeUndefined();
  });

  it("answers an unknown domain with an empty description, not an error", async () => {
    const answer = await admin().send(new DescribeUserPoolDomainCommand({ Domain: unique("nothing") }));
    expect(answer.DomainDescription).toEqual({});
  });

  it("refuses bad prefixes, reserved words and a prefix another pool holds, in Cognito's words", async () => {
    const UserPoolId = await newPool();
    const invalid =
      "The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$";
    for (const Domain of ["My-App", "my_app", "-app", "app-", "auth.example.com"])
      await refused(
        admin().send(new CreateUserPoolDomainCommand({ UserPoolId, Domain })),
        InvalidParameterException,
        invalid,
      );
    for (const [Domain, word] of [
      ["my-aws-app", "aws"],
      ["amazonish", "amazon"],
      ["x-cognito", "cognito"],
    ])
      await refused(
        admin().send(new CreateUserPoolDomainCommand({ UserPoolId, Domain })),
        InvalidParameterException,
        `Domain cannot contain reserved word: ${word}`,
      );
    await refused(
      admin().send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: "a".repeat(64) })),
      InvalidParameterException,
    );
    const Domain = unique("taken");
    await admin().send(new CreateUserPoolDomainCommand({ UserPoolId, Domain }));
    const other = await newPool();
    await refused(
      admin().send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain })),
      InvalidParameterException,
      "Domain already associated with another user pool.",
    );
    // One prefix per pool.
    await refused(
      admin().send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: unique("second") })),
      InvalidParameterException,
    );
    await refused(
      admin().send(
        new CreateUserPoolDomainCommand({ UserPoolId: "us-east-1_nothere00", Domain: unique("x") }),
      ),
      ResourceNotFoundException,
    );
  });

  it("creates a custom domain beside the prefix, with a stable CloudFront name, and updates its certificate", async () => {
    const UserPoolId = await newPool();
    const prefix = unique("both");
    const host = `${unique("auth")}.example.com`;
    await admin().send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: prefix }));
    const created = await admin().send(
      new CreateUserPoolDomainCommand({
        UserPoolId,
        Domain: host,
        CustomDomainConfig: { CertificateArn: CERT },
      }),
    );
    expect(created.CloudFrontDomain).toMatch(/^d[0-9a-f]{13}\.cloudfront\.net$/);
    const { DomainDescription } = await admin().send(new DescribeUserPoolDomainCommand({ Domain: host }));
    expect(DomainDescription).toMatchObject({
      Domain: host,
      UserPoolId,
      Status: "ACTIVE",
      CustomDomainConfig: { CertificateArn: CERT },
      CloudFrontDistribution: created.CloudFrontDomain,
    });
    const { UserPool } = await admin().send(new DescribeUserPoolCommand({ UserPoolId }));
    expect([UserPool!.Domain, UserPool!.CustomDomain]).toEqual([prefix, host]);

    // A certificate that is no ARN, and a custom name that is no host name.
    await refused(
      admin().send(
        new CreateUserPoolDomainCommand({
          UserPoolId: await newPool(),
          Domain: "auth.example.org",
          CustomDomainConfig: { CertificateArn: "not-an-arn-but-twenty-characters" },
        }),
      ),
      InvalidParameterException,
    );
    await refused(
      admin().send(
        new CreateUserPoolDomainCommand({
          UserPoolId: await newPool(),
          Domain: "localhost",
          CustomDomainConfig: { CertificateArn: CERT },
        }),
      ),
      InvalidParameterException,
    );
    // A custom name under the prefix domains' suffix (here localhost) would take over another
    // pool's prefix host: refused.
    const victim = unique("victim");
    await admin().send(new CreateUserPoolDomainCommand({ UserPoolId: await newPool(), Domain: victim }));
    for (const name of [`${victim}.localhost`, `deep.${victim}.localhost`])
      await refused(
        admin().send(
          new CreateUserPoolDomainCommand({
            UserPoolId: await newPool(),
            Domain: name,
            CustomDomainConfig: { CertificateArn: CERT },
          }),
        ),
        InvalidParameterException,
        `Custom domain ${name} cannot be under the prefix domains' suffix localhost.`,
      );
    // One custom domain per pool.
    await refused(
      admin().send(
        new CreateUserPoolDomainCommand({
          UserPoolId,
          Domain: `${unique("again")}.example.com`,
          CustomDomainConfig: { CertificateArn: CERT },
        }),
      ),
      InvalidParameterException,
    );

    const updated = await admin().send(
      new UpdateUserPoolDomainCommand({
        UserPoolId,
        Domain: host,
        CustomDomainConfig: { CertificateArn: CERT2 },
        ManagedLoginVersion: 2,
      }),
    );
    expect(updated).toMatchObject({ ManagedLoginVersion: 2, CloudFrontDomain: created.CloudFrontDomain });
    const after = await admin().send(new DescribeUserPoolDomainCommand({ Domain: host }));
    expect(after.DomainDescription).toMatchObject({
      CustomDomainConfig: { CertificateArn: CERT2 },
      ManagedLoginVersion: 2,
    });
    await refused(
      admin().send(new UpdateUserPoolDomainCommand({ UserPoolId, Domain: host, ManagedLoginVersion: 1 })),
      InvalidParameterException,
      "Cannot convert custom domain to prefix domain.",
    );
    await refused(
      admin().send(
        new UpdateUserPoolDomainCommand({
          UserPoolId,
          Domain: prefix,
          CustomDomainConfig: { CertificateArn: CERT },
        }),
      ),
      InvalidParameterException,
    );
  });

  it("updates the managed-login version, refusing 2 on a Lite pool and any other number", async () => {
    const UserPoolId = await newPool();
    const Domain = unique("versions");
    expect(
      (await admin().send(new CreateUserPoolDomainCommand({ UserPoolId, Domain, ManagedLoginVersion: 2 })))
        .ManagedLoginVersion,
    ).toBe(2);
    // Left out, the version stays.
    await admin().send(new UpdateUserPoolDomainCommand({ UserPoolId, Domain }));
    expect(
      (await admin().send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription,
    ).toMatchObject({
      ManagedLoginVersion: 2,
    });
    await admin().send(new UpdateUserPoolDomainCommand({ UserPoolId, Domain, ManagedLoginVersion: 1 }));
    expect(
      (await admin().send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription,
    ).toMatchObject({
      ManagedLoginVersion: 1,
    });
    await refused(
      admin().send(new UpdateUserPoolDomainCommand({ UserPoolId, Domain, ManagedLoginVersion: 3 })),
      InvalidParameterException,
    );
    const lite = await newPool({ UserPoolTier: "LITE" });
    await refused(
      admin().send(
        new CreateUserPoolDomainCommand({ UserPoolId: lite, Domain: unique("lite"), ManagedLoginVersion: 2 }),
      ),
      FeatureUnavailableInTierException,
    );
    const liteDomain = unique("lite");
    await admin().send(new CreateUserPoolDomainCommand({ UserPoolId: lite, Domain: liteDomain }));
    await refused(
      admin().send(
        new UpdateUserPoolDomainCommand({ UserPoolId: lite, Domain: liteDomain, ManagedLoginVersion: 2 }),
      ),
      FeatureUnavailableInTierException,
    );
    // Another pool cannot update it.
    await refused(
      admin().send(new UpdateUserPoolDomainCommand({ UserPoolId, Domain: liteDomain })),
      InvalidParameterException,
    );
  });

  it("deletes a domain only for the pool that holds it; a pool with a domain is not deleted until the domain goes", async () => {
    const UserPoolId = await newPool();
    const other = await newPool();
    const Domain = unique("deleted");
    await admin().send(new CreateUserPoolDomainCommand({ UserPoolId, Domain }));
    await refused(
      admin().send(new DeleteUserPoolDomainCommand({ UserPoolId: other, Domain })),
      InvalidParameterException,
    );
    await admin().send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain }));
    expect((await admin().send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription).toEqual({});
    expect(
      (await admin().send(new DescribeUserPoolCommand({ UserPoolId }))).UserPool!.Domain,
    ).toBeUndefined();
    await refused(
      admin().send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain })),
      InvalidParameterException,
    );

    await admin().send(new CreateUserPoolDomainCommand({ UserPoolId, Domain }));
    // Cognito's own refusal: the domain must go first.
    await expect(admin().send(new DeleteUserPoolCommand({ UserPoolId }))).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: "User pool cannot be deleted. It has a domain configured that should be deleted first.",
    });
    expect(
      (await admin().send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription,
    ).toMatchObject({
      UserPoolId,
    });
    await admin().send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain }));
    await admin().send(new DeleteUserPoolCommand({ UserPoolId }));
    expect((await admin().send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription).toEqual({});
    await admin().send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain }));
    expect(
      (await admin().send(new DescribeUserPoolDomainCommand({ Domain }))).DomainDescription,
    ).toMatchObject({
      UserPoolId: other,
    });
  });
});
