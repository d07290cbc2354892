// Resource servers driven by the real AWS SDK v3 Cognito client against the real Node entry, over
// HTTP: every operation, the model's patterns and limits, whole-replacement updates, the 25-server
// quota and pagination.
import {
  CreateResourceServerCommand,
  DeleteResourceServerCommand,
  DescribeResourceServerCommand,
  InvalidParameterException,
  LimitExceededException,
  ListResourceServersCommand,
  ResourceNotFoundException,
  UpdateResourceServerCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { rejection, usersServer } from "./users-setup.js";

const { admin, newPool } = usersServer();
const scope = (ScopeName: string) => ({ ScopeName, ScopeDescription: `May ${ScopeName}` });

describe("resource servers", () => {
  it("creates, describes, replaces and deletes a resource server, with Cognito's errors", async () => {
    const UserPoolId = await newPool();
    const Identifier = "https://api.example.com";
    const { ResourceServer } = await admin().send(
      new CreateResourceServerCommand({
        UserPoolId,
        Identifier,
        Name: "API",
        Scopes: [scope("read"), scope("write")],
      }),
    );
    expect(ResourceServer).toEqual({
      UserPoolId,
      Identifier,
      Name: "API",
      Scopes: [scope("read"), scope("write")],
    });
    const again = await rejection(
      admin().send(new CreateResourceServerCommand({ UserPoolId, Identifier, Name: "Again" })),
    );
    expect(again).toBeInstanceOf(InvalidParameterException);
    expect(
      (await admin().send(new DescribeResourceServerCommand({ UserPoolId, Identifier }))).ResourceServer,
    ).toEqual(ResourceServer);

    // Update replaces the name and the scopes whole: scopes left out are gone.
    const updated = await admin().send(
      new UpdateResourceServerCommand({ UserPoolId, Identifier, Name: "The API", Scopes: [scope("admin")] }),
    );
    expect(updated.ResourceServer).toEqual({
      UserPoolId,
      Identifier,
      Name: "The API",
      Scopes: [scope("admin")],
    });
    await admin().send(new UpdateResourceServerCommand({ UserPoolId, Identifier, Name: "Bare" }));
    expect(
      (await admin().send(new DescribeResourceServerCommand({ UserPoolId, Identifier }))).ResourceServer,
    ).toEqual({ UserPoolId, Identifier, Name: "Bare", Scopes: [] });

    for (const missing of [
      admin().send(new DescribeResourceServerCommand({ UserPoolId, Identifier: "nothere" })),
      admin().send(new UpdateResourceServerCommand({ UserPoolId, Identifier: "nothere", Name: "x" })),
      admin().send(new DeleteResourceServerCommand({ UserPoolId, Identifier: "nothere" })),
      admin().send(new DescribeResourceServerCommand({ UserPoolId: "us-east-1_nothere00", Identifier })),
    ])
      expect(await rejection(missing)).toBeInstanceOf(ResourceNotFoundException);

    await admin().send(new DeleteResourceServerCommand({ UserPoolId, Identifier }));
    expect(
      await rejection(admin().send(new DescribeResourceServerCommand({ UserPoolId, Identifier }))),
    ).toBeInstanceOf(ResourceNotFoundException);
  });

  it("checks identifiers, names and scopes against the model, and a scope name given twice", async () => {
    const UserPoolId = await newPool();
    const bad = async (input: Parameters<typeof createInput>[0], member: string) => {
      const error = await rejection(admin().send(new CreateResourceServerCommand(createInput(input))));
      expect(error).toBeInstanceOf(InvalidParameterException);
      expect(error.message).toContain(`at '${member}'`);
    };
    const createInput = (over: {
      Identifier?: string;
      Name?: string;
      Scopes?: ReturnType<typeof scope>[];
    }) => ({
      UserPoolId,
      Identifier: "api",
      Name: "API",
      ...over,
    });
    await bad({ Identifier: 'has"quote' }, "identifier");
    await bad({ Identifier: "has space" }, "identifier");
    await bad({ Identifier: "x".repeat(257) }, "identifier");
    await bad({ Name: "semi;colon" }, "name");
    await bad({ Scopes: [scope("a/b")] }, "scopes.1.member.scopeName");
    await bad({ Scopes: Array.from({ length: 101 }, (_, i) => scope(`s${i}`)) }, "scopes");
    await bad({ Scopes: [{ ScopeName: "read", ScopeDescription: "" }] }, "scopes.1.member.scopeDescription");
    const twice = await rejection(
      admin().send(new CreateResourceServerCommand(createInput({ Scopes: [scope("read"), scope("read")] }))),
    );
    expect(twice).toBeInstanceOf(InvalidParameterException);
    // 100 scopes are fine.
    await admin().send(
      new CreateResourceServerCommand(
        createInput({ Scopes: Array.from({ length: 100 }, (_, i) => scope(`s${i}`)) }),
      ),
    );
  });

  it("holds 25 servers per pool and lists them by identifier, MaxResults at a time", async () => {
    const UserPoolId = await newPool();
    const ids = Array.from({ length: 25 }, (_, i) => `rs-${String(i).padStart(2, "0")}`);
    for (const Identifier of ids)
      await admin().send(new CreateResourceServerCommand({ UserPoolId, Identifier, Name: Identifier }));
    expect(
      await rejection(
        admin().send(
          new CreateResourceServerCommand({ UserPoolId, Identifier: "rs-25", Name: "one too many" }),
        ),
      ),
    ).toBeInstanceOf(LimitExceededException);
    // Another pool has its own quota.
    const other = await newPool();
    await admin().send(
      new CreateResourceServerCommand({ UserPoolId: other, Identifier: "rs-25", Name: "x" }),
    );

    const listed: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await admin().send(
        new ListResourceServersCommand({ UserPoolId, MaxResults: 10, NextToken }),
      );
      expect(page.ResourceServers!.length).toBeLessThanOrEqual(10);
      listed.push(...page.ResourceServers!.map((s) => s.Identifier!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(listed).toEqual(ids);
    expect(pages).toBe(3);
    const all = await admin().send(new ListResourceServersCommand({ UserPoolId }));
    expect(all.ResourceServers).toHaveLength(25);
    expect(all.NextToken).toBeUndefined();
    for (const MaxResults of [0, 51])
      expect(
        await rejection(admin().send(new ListResourceServersCommand({ UserPoolId, MaxResults }))),
      ).toBeInstanceOf(InvalidParameterException);
    expect(
      await rejection(admin().send(new ListResourceServersCommand({ UserPoolId, NextToken: "bm90LW91cnM" }))),
    ).toBeInstanceOf(InvalidParameterException);
    // Freed by a delete, the quota takes one more.
    await admin().send(new DeleteResourceServerCommand({ UserPoolId, Identifier: "rs-00" }));
    await admin().send(
      new CreateResourceServerCommand({ UserPoolId, Identifier: "rs-25", Name: "fits now" }),
    );
  });
});
