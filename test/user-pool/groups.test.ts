// Groups driven by the real AWS SDK v3 Cognito client against the real Node entry, over HTTP:
// every group operation, its errors and pagination, and the groups and roles in the tokens.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminInitiateAuthCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  GroupExistsException,
  InvalidParameterException,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  ResourceNotFoundException,
  UpdateGroupCommand,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { attrs, rejection, usersServer } from "./users-setup.js";

const { admin, anyone, newPool, secrets } = usersServer();

const ROLE = (name: string) => `arn:aws:iam::123456789012:role/${name}`;
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;

async function newUser(
  poolId: string,
  username: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const { User } = await admin().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  return attrs(User!.Attributes).sub!;
}

describe("groups", () => {
  it("creates, gets, updates and deletes a group, with Cognito's errors", async () => {
    const poolId = await newPool();
    const before = Math.floor(Date.now() / 1000);
    const { Group } = await admin().send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName: "admins",
        Description: "The admins",
        RoleArn: ROLE("admin"),
        Precedence: 1,
      }),
    );
    expect(Group).toMatchObject({
      GroupName: "admins",
      UserPoolId: poolId,
      Description: "The admins",
      RoleArn: ROLE("admin"),
      Precedence: 1,
    });
    expect(Group!.CreationDate).toBeInstanceOf(Date);
    expect(Group!.LastModifiedDate).toBeInstanceOf(Date);
    expect(Math.round(Group!.CreationDate!.getTime() / 1000)).toBeGreaterThanOrEqual(before);

    const bare = await admin().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "readers" }));
    expect(bare.Group).toMatchObject({ GroupName: "readers", UserPoolId: poolId });
    expect(bare.Group).not.toHaveProperty("Description");
    expect(bare.Group).not.toHaveProperty("RoleArn");
    expect(bare.Group).not.toHaveProperty("Precedence");

    const taken = await rejection(
      admin().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "admins" })),
    );
    expect(taken).toBeInstanceOf(GroupExistsException);
    expect(taken.message).toBe("A group with the name already exists.");

    const got = await admin().send(new GetGroupCommand({ UserPoolId: poolId, GroupName: "admins" }));
    expect(got.Group).toEqual(Group);

    const updated = await admin().send(
      new UpdateGroupCommand({
        UserPoolId: poolId,
        GroupName: "admins",
        Description: "Administrators",
        Precedence: 0,
      }),
    );
    expect(updated.Group).toMatchObject({
      GroupName: "admins",
      Description: "Administrators",
      Precedence: 0,
    });
    // UpdateGroup sets what it is not given back to its default.
    expect(updated.Group).not.toHaveProperty("RoleArn");
    expect(updated.Group!.CreationDate).toEqual(Group!.CreationDate);
    expect(
      (await admin().send(new GetGroupCommand({ UserPoolId: poolId, GroupName: "admins" }))).Group,
    ).toEqual(updated.Group);

    await admin().send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: "admins" }));
    for (const call of [
      admin().send(new GetGroupCommand({ UserPoolId: poolId, GroupName: "admins" })),
      admin().send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: "admins", Precedence: 2 })),
      admin().send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: "admins" })),
      admin().send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "admins" })),
    ]) {
      const missing = await rejection(call);
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect(missing.message).toBe("Group not found.");
    }
    // The name is free again.
    await admin().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "admins" }));

    const noPool = await rejection(
      admin().send(new CreateGroupCommand({ UserPoolId: "us-east-1_nopool", GroupName: "admins" })),
    );
    expect(noPool).toBeInstanceOf(ResourceNotFoundException);
    expect(noPool.message).toBe("User pool us-east-1_nopool does not exist.");
  });

  it("checks input against the model and requires the admin's signature", async () => {
    const poolId = await newPool();
    for (const input of [
      { UserPoolId: poolId, GroupName: "" },
      { UserPoolId: poolId, GroupName: "a".repeat(129) },
      { UserPoolId: poolId, GroupName: "g", Precedence: -1 },
      { UserPoolId: poolId, GroupName: "g", RoleArn: "not-an-arn-at-all-really" },
      { UserPoolId: poolId, GroupName: "g", Description: "d".repeat(2049) },
    ]) {
      expect(await rejection(admin().send(new CreateGroupCommand(input)))).toBeInstanceOf(
        InvalidParameterException,
      );
    }
    const badLimit = await rejection(admin().send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 61 })));
    expect(badLimit).toBeInstanceOf(InvalidParameterException);
    const unsigned = await rejection(
      anyone().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "g" })),
    );
    expect(unsigned.name).toBe("UnrecognizedClientException");
    expect((await admin().send(new ListGroupsCommand({ UserPoolId: poolId }))).Groups).toEqual([]);
  });

  it("lists the pool's groups by name, a page at a time", async () => {
    const poolId = await newPool();
    const names = Array.from({ length: 7 }, (_, i) => `group-${String.fromCharCode(103 - i)}`); // group-g ... group-a
    for (const GroupName of names)
      await admin().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName }));
    await admin().send(new CreateGroupCommand({ UserPoolId: await newPool(), GroupName: "elsewhere" }));

    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await admin().send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 3, NextToken }));
      expect(page.Groups!.length).toBeLessThanOrEqual(3);
      for (const group of page.Groups!) expect(group.UserPoolId).toBe(poolId);
      seen.push(...page.Groups!.map((g) => g.GroupName!));
      NextToken = page.NextToken;
      pages += 1;
    } while (NextToken !== undefined);
    expect(seen).toEqual([...names].sort());
    expect(pages).toBe(3);

    const all = await admin().send(new ListGroupsCommand({ UserPoolId: poolId }));
    expect(all.Groups!.map((g) => g.GroupName)).toEqual([...names].sort());
    expect(all.NextToken).toBeUndefined();
    expect((await admin().send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 0 }))).Groups).toHaveLength(
      7,
    );

    const forged = await rejection(
      admin().send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: "forged-token" })),
    );
    expect(forged).toBeInstanceOf(InvalidParameterException);
  });

  it("adds users to groups, lists members and a user's groups, and removes them", async () => {
    const poolId = await newPool();
    await admin().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "staff", Precedence: 5 }));
    await admin().send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName: "admins",
        Precedence: 1,
        RoleArn: ROLE("admin"),
      }),
    );
    const names = ["ann", "ben", "cat", "dan", "eve"];
    for (const name of names) await newUser(poolId, name, { email: `${name}@example.com` });
    for (const name of names)
      await admin().send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: name, GroupName: "staff" }),
      );
    // Case-insensitive usernames; adding again changes nothing.
    await admin().send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "ANN", GroupName: "admins" }),
    );
    await admin().send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "ann", GroupName: "admins" }),
    );

    const members: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await admin().send(
        new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "staff", Limit: 2, NextToken }),
      );
      expect(page.Users!.length).toBeLessThanOrEqual(2);
      for (const user of page.Users!) {
        expect(user).toMatchObject({ Enabled: true, UserStatus: "FORCE_CHANGE_PASSWORD" });
        expect(attrs(user.Attributes).email).toBe(`${user.Username}@example.com`);
        expect(user.UserCreateDate).toBeInstanceOf(Date);
      }
      members.push(...page.Users!.map((u) => u.Username!));
      NextToken = page.NextToken;
    } while (NextToken !== undefined);
    expect([...members].sort()).toEqual(names);
    expect(
      (
        await admin().send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "admins" }))
      ).Users!.map((u) => u.Username),
    ).toEqual(["ann"]);

    const annGroups = await admin().send(
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "ann" }),
    );
    expect(annGroups.Groups!.map((g) => g.GroupName)).toEqual(["admins", "staff"]);
    expect(annGroups.Groups![0]).toMatchObject({ UserPoolId: poolId, Precedence: 1, RoleArn: ROLE("admin") });
    expect(annGroups.Groups![0]!.CreationDate).toBeInstanceOf(Date);
    const first = await admin().send(
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "ann", Limit: 1 }),
    );
    expect(first.Groups!.map((g) => g.GroupName)).toEqual(["admins"]);
    const second = await admin().send(
      new AdminListGroupsForUserCommand({
        UserPoolId: poolId,
        Username: "ann",
        Limit: 1,
        NextToken: first.NextToken,
      }),
    );
    expect(second.Groups!.map((g) => g.GroupName)).toEqual(["staff"]);
    expect(second.NextToken).toBeUndefined();

    await admin().send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "Ann", GroupName: "staff" }),
    );
    await admin().send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "ann", GroupName: "staff" }),
    );
    expect(
      (
        await admin().send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "ann" }))
      ).Groups!.map((g) => g.GroupName),
    ).toEqual(["admins"]);
    expect(
      (await admin().send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "staff" })))
        .Users!.map((u) => u.Username)
        .sort(),
    ).toEqual(["ben", "cat", "dan", "eve"]);

    // A deleted user leaves their groups; a deleted group leaves its members' lists.
    await admin().send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "ben" }));
    expect(
      (await admin().send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: "staff" })))
        .Users!.map((u) => u.Username)
        .sort(),
    ).toEqual(["cat", "dan", "eve"]);
    await admin().send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: "admins" }));
    expect(
      (await admin().send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "ann" }))).Groups,
    ).toEqual([]);
  });

  it("answers a missing user or group in Cognito's words", async () => {
    const poolId = await newPool();
    await admin().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "staff" }));
    await newUser(poolId, "zoe");
    for (const call of [
      admin().send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "nobody", GroupName: "staff" }),
      ),
      admin().send(
        new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "nobody", GroupName: "staff" }),
      ),
      admin().send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "nobody" })),
    ]) {
      const missing = await rejection(call);
      expect(missing).toBeInstanceOf(UserNotFoundException);
      expect(missing.message).toBe("User does not exist.");
    }
    for (const call of [
      admin().send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "zoe", GroupName: "nogroup" }),
      ),
      admin().send(
        new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "zoe", GroupName: "nogroup" }),
      ),
    ]) {
      const missing = await rejection(call);
      expect(missing).toBeInstanceOf(ResourceNotFoundException);
      expect(missing.message).toBe("Group not found.");
    }
  });

  it("puts the user's groups by precedence, their roles and the preferred role in the tokens", async () => {
    const poolId = await newPool();
    const { UserPoolClient } = await admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const clientId = UserPoolClient!.ClientId!;
    await admin().send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName: "readers",
        Precedence: 30,
        RoleArn: ROLE("reader"),
      }),
    );
    await admin().send(
      new CreateGroupCommand({
        UserPoolId: poolId,
        GroupName: "editors",
        Precedence: 10,
        RoleArn: ROLE("editor"),
      }),
    );
    await admin().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "beta", Precedence: 20 }));
    await admin().send(
      new CreateGroupCommand({ UserPoolId: poolId, GroupName: "unranked", RoleArn: ROLE("unranked") }),
    );
    await admin().send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: "others" }));
    const sub = await newUser(poolId, "grace", { email: "grace@example.com" });
    const password = "Gr0up$-Pass-word";
    secrets.add(password);
    await admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "grace",
        Password: password,
        Permanent: true,
      }),
    );

    const signIn = async () => {
      const { AuthenticationResult } = await admin().send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: "grace", PASSWORD: password },
        }),
      );
      return {
        id: claimsOf(AuthenticationResult!.IdToken!),
        access: claimsOf(AuthenticationResult!.AccessToken!),
      };
    };

    // No groups: no group claims.
    const none = await signIn();
    for (const claims of [none.id, none.access]) {
      expect(claims).not.toHaveProperty("cognito:groups");
      expect(claims).not.toHaveProperty("cognito:roles");
      expect(claims).not.toHaveProperty("cognito:preferred_role");
    }

    for (const GroupName of ["unranked", "readers", "beta", "editors"])
      await admin().send(
        new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "grace", GroupName }),
      );
    const { id, access } = await signIn();
    expect(id.sub).toBe(sub);
    for (const claims of [id, access]) {
      expect(claims["cognito:groups"]).toEqual(["editors", "beta", "readers", "unranked"]);
      expect(claims["cognito:roles"]).toEqual([ROLE("editor"), ROLE("reader"), ROLE("unranked")]);
      expect(claims["cognito:preferred_role"]).toBe(ROLE("editor"));
    }
    // The ID token has the group claims right after `sub`, as Cognito's does.
    expect(Object.keys(id).slice(0, 2)).toEqual(["sub", "cognito:groups"]);

    // Changing the precedence changes the order and the preferred role at the next sign-in.
    await admin().send(
      new UpdateGroupCommand({
        UserPoolId: poolId,
        GroupName: "readers",
        Precedence: 0,
        RoleArn: ROLE("reader"),
      }),
    );
    await admin().send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "grace", GroupName: "unranked" }),
    );
    const later = await signIn();
    expect(later.id["cognito:groups"]).toEqual(["readers", "editors", "beta"]);
    expect(later.access["cognito:roles"]).toEqual([ROLE("reader"), ROLE("editor")]);
    expect(later.id["cognito:preferred_role"]).toBe(ROLE("reader"));

    // Groups without roles: groups, but no role claims.
    for (const GroupName of ["readers", "editors"])
      await admin().send(
        new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "grace", GroupName }),
      );
    await admin().send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "grace", GroupName: "others" }),
    );
    const roleless = await signIn();
    expect(roleless.access["cognito:groups"]).toEqual(["beta", "others"]);
    expect(roleless.access).not.toHaveProperty("cognito:roles");
    expect(roleless.id).not.toHaveProperty("cognito:preferred_role");
  });
});
