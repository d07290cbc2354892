// Domains: a prefix and a custom domain on one pool, every domain operation, the names in
// DescribeUserPool, and a name held by one pool at a time.
import {
  CreateUserPoolDomainCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  InvalidParameterException,
  UpdateUserPoolDomainCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { client, poolWithClient, rejection, unique, type Target } from "./target.js";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0e2e0e2e-2222-3333-4444-555555555555";

export async function domains(target: Target): Promise<void> {
  const idp = client(target);
  const { poolId: UserPoolId } = await poolWithClient(target);
  const prefix = unique("e2e-login");
  const host = `${unique("login")}.example.net`;

  expect(await idp.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: prefix }))).toMatchObject({
    ManagedLoginVersion: 1,
  });
  const custom = await idp.send(
    new CreateUserPoolDomainCommand({
      UserPoolId,
      Domain: host,
      CustomDomainConfig: { CertificateArn: CERT },
    }),
  );
  expect(custom.CloudFrontDomain).toMatch(/^d[0-9a-f]{13}\.cloudfront\.net$/);
  const { UserPool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId }));
  expect([UserPool!.Domain, UserPool!.CustomDomain]).toEqual([prefix, host]);

  const { DomainDescription } = await idp.send(new DescribeUserPoolDomainCommand({ Domain: prefix }));
  expect(DomainDescription).toMatchObject({
    UserPoolId,
    Domain: prefix,
    Status: "ACTIVE",
    ManagedLoginVersion: 1,
  });
  expect(DomainDescription!.Version).toMatch(/^\d{14}$/);

  await idp.send(new UpdateUserPoolDomainCommand({ UserPoolId, Domain: prefix, ManagedLoginVersion: 2 }));
  expect(
    (await idp.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription,
  ).toMatchObject({ ManagedLoginVersion: 2 });

  const { poolId: other } = await poolWithClient(target);
  const taken = await rejection(
    idp.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: prefix })),
  );
  expect(taken).toBeInstanceOf(InvalidParameterException);
  expect(taken.message).toBe("Domain already associated with another user pool.");

  await idp.send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain: prefix }));
  expect((await idp.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription).toEqual(
    {},
  );
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: prefix }));
  expect(
    (await idp.send(new DescribeUserPoolDomainCommand({ Domain: prefix }))).DomainDescription,
  ).toMatchObject({ UserPoolId: other });
  await idp.send(new DeleteUserPoolDomainCommand({ UserPoolId: other, Domain: prefix }));
  await idp.send(new DeleteUserPoolDomainCommand({ UserPoolId, Domain: host }));
}
