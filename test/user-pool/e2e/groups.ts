// Groups: every group operation, and what membership puts in the tokens (cognito:groups in
// precedence order, cognito:roles, cognito:preferred_role), after each change.
import {
  AdminAddUserToGroupCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  ResourceNotFoundException,
  UpdateGroupCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { verifyToken } from "../auth-helpers.js";
import { client, confirmedUser, passwordSignIn, poolWithClient, rejection, type Target } from "./target.js";

const PASSWORD = "Group-Member-Pass-1";
const ROLE = (name: string) => `arn:aws:iam::123456789012:role/${name}`;

export async function groups(target: Target): Promise<void> {
  const idp = client(target);
  const { poolId, clientId } = await poolWithClient(target);
  const UserPoolId = poolId;
  const sub = await confirmedUser(target, poolId, "gina", PASSWORD);
  await confirmedUser(target, poolId, "hal", PASSWORD);
  const tokens = async () => {
    const result = await passwordSignIn(target, clientId, "gina", PASSWORD);
    const id = await verifyToken(target.endpoint, poolId, result.IdToken!, "id", clientId);
    const access = await verifyToken(target.endpoint, poolId, result.AccessToken!, "access", clientId);
    return { id, access };
  };

  const { Group } = await idp.send(
    new CreateGroupCommand({
      UserPoolId,
      GroupName: "editors",
      Description: "Edit things",
      RoleArn: ROLE("editor"),
      Precedence: 2,
    }),
  );
  expect(Group).toMatchObject({
    GroupName: "editors",
    UserPoolId,
    Description: "Edit things",
    RoleArn: ROLE("editor"),
    Precedence: 2,
  });
  await idp.send(
    new CreateGroupCommand({ UserPoolId, GroupName: "readers", RoleArn: ROLE("reader"), Precedence: 5 }),
  );
  await idp.send(
    new UpdateGroupCommand({
      UserPoolId,
      GroupName: "readers",
      Description: "Read things",
      RoleArn: ROLE("reader"),
      Precedence: 1,
    }),
  );
  const { Group: readers } = await idp.send(new GetGroupCommand({ UserPoolId, GroupName: "readers" }));
  expect(readers).toMatchObject({
    GroupName: "readers",
    Description: "Read things",
    Precedence: 1,
    RoleArn: ROLE("reader"),
  });
  const { Groups } = await idp.send(new ListGroupsCommand({ UserPoolId }));
  expect(Groups!.map((g) => g.GroupName).sort()).toEqual(["editors", "readers"]);

  const none = await tokens();
  expect(none.id).not.toHaveProperty("cognito:groups");

  for (const GroupName of ["editors", "readers"])
    await idp.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: "gina", GroupName }));
  await idp.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: "hal", GroupName: "editors" }));
  const mine = await idp.send(new AdminListGroupsForUserCommand({ UserPoolId, Username: "gina" }));
  expect(mine.Groups!.map((g) => g.GroupName).sort()).toEqual(["editors", "readers"]);
  const members = await idp.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: "editors" }));
  expect(members.Users!.map((u) => u.Username).sort()).toEqual(["gina", "hal"]);

  const both = await tokens();
  for (const claims of [both.id, both.access]) {
    expect(claims["cognito:groups"]).toEqual(["readers", "editors"]);
  }
  expect(both.id["cognito:roles"]).toEqual([ROLE("reader"), ROLE("editor")]);
  expect(both.id["cognito:preferred_role"]).toBe(ROLE("reader"));
  expect(both.id.sub).toBe(sub);

  await idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: "gina", GroupName: "readers" }));
  const one = await tokens();
  expect(one.access["cognito:groups"]).toEqual(["editors"]);
  expect(one.id["cognito:preferred_role"]).toBe(ROLE("editor"));
  expect((await idp.send(new ListUsersInGroupCommand({ UserPoolId, GroupName: "readers" }))).Users).toEqual(
    [],
  );

  await idp.send(new DeleteGroupCommand({ UserPoolId, GroupName: "editors" }));
  expect(await rejection(idp.send(new GetGroupCommand({ UserPoolId, GroupName: "editors" })))).toBeInstanceOf(
    ResourceNotFoundException,
  );
  expect((await idp.send(new AdminListGroupsForUserCommand({ UserPoolId, Username: "hal" }))).Groups).toEqual(
    [],
  );
  const after = await tokens();
  expect(after.id).not.toHaveProperty("cognito:groups");
}
