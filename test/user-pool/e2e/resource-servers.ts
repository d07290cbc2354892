// Resource servers: every operation, updates that replace the scopes whole, pagination.
import {
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  DescribeResourceServerCommand,
  ListResourceServersCommand,
  ResourceNotFoundException,
  UpdateResourceServerCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { client, poolWithClient, rejection, type Target } from "./target.js";

export async function resourceServers(target: Target): Promise<void> {
  const idp = client(target);
  const { poolId: UserPoolId } = await poolWithClient(target);
  const scope = (ScopeName: string) => ({ ScopeName, ScopeDescription: `May ${ScopeName}` });
  const identifiers = ["https://api.example.com", "billing", "reports"];
  for (const Identifier of identifiers)
    await idp.send(
      new CreateResourceServerCommand({ UserPoolId, Identifier, Name: "Server", Scopes: [scope("read")] }),
    );
  await idp.send(
    new UpdateResourceServerCommand({
      UserPoolId,
      Identifier: "billing",
      Name: "Billing",
      Scopes: [scope("pay"), scope("refund")],
    }),
  );
  expect(
    (await idp.send(new DescribeResourceServerCommand({ UserPoolId, Identifier: "billing" }))).ResourceServer,
  ).toEqual({ UserPoolId, Identifier: "billing", Name: "Billing", Scopes: [scope("pay"), scope("refund")] });

  const first = await idp.send(new ListResourceServersCommand({ UserPoolId, MaxResults: 2 }));
  const rest = await idp.send(
    new ListResourceServersCommand({ UserPoolId, MaxResults: 2, NextToken: first.NextToken }),
  );
  expect([...first.ResourceServers!, ...rest.ResourceServers!].map((s) => s.Identifier)).toEqual(
    [...identifiers].sort(),
  );
  expect(rest.NextToken).toBeUndefined();

  await idp.send(new DeleteResourceServerCommand({ UserPoolId, Identifier: "reports" }));
  expect(
    await rejection(idp.send(new DescribeResourceServerCommand({ UserPoolId, Identifier: "reports" }))),
  ).toBeInstanceOf(ResourceNotFoundException);
}
