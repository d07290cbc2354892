// User administration driven by the real AWS SDK v3 Cognito client against the real Node entry,
// over HTTP; temporary passwords are read from the outbox file.
import {
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  InvalidParameterException,
  InvalidPasswordException,
  ListUsersCommand,
  ResourceNotFoundException,
  UserNotFoundException,
  UsernameExistsException,
} from "@aws-sdk/client-cognito-identity-provider";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { importMasterKey } from "../../src/runtime/master-key.js";
import { isSealed, open } from "../../src/runtime/sealed.js";
import { bigintFromHex, verifyPassword } from "../../src/user-pool/srp/index.js";
import { attrs, POLICY, rejection, usersServer, UUID } from "./users-setup.js";

const { admin, database, dataDir, expectNothingInClear, lastMessageTo, newPool, outbox, secrets } =
  usersServer();

describe("administration of users", () => {
  it("creates a user with a generated temporary password, delivered by email, that expires per the pool's policy", async () => {
    const poolId = await newPool({
      Policies: { PasswordPolicy: { MinimumLength: 14, TemporaryPasswordValidityDays: 3 } },
    });
    const before = Math.floor(Date.now() / 1000);
    const { User } = await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "Alice",
        DesiredDeliveryMediums: ["EMAIL"],
        UserAttributes: [
          { Name: "email", Value: "alice@example.com" },
          { Name: "name", Value: "Alice" },
        ],
      }),
    );
    expect(User).toMatchObject({ Username: "Alice", Enabled: true, UserStatus: "FORCE_CHANGE_PASSWORD" });
    const invitation = lastMessageTo("alice@example.com");
    expect(invitation).toMatchObject({
      channel: "EMAIL",
      userPoolId: poolId,
      username: "Alice",
      subject: "Your temporary password",
    });
    const temporary = invitation.code!;
    expect(invitation.body).toBe(`Your username is Alice and temporary password is ${temporary}.`);
    expect(temporary.length).toBeGreaterThanOrEqual(14);
    expect(temporary).toMatch(/[A-Z]/);
    expect(temporary).toMatch(/[a-z]/);
    expect(temporary).toMatch(/[0-9]/);
    expect(temporary).toMatch(/[^A-Za-z0-9]/);

    const got = await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "alice" }));
    expect(got).toMatchObject({ Username: "Alice", Enabled: true, UserStatus: "FORCE_CHANGE_PASSWORD" });
    const attributes = attrs(got.UserAttributes);
    expect(attributes).toMatchObject({ email: "alice@example.com", name: "Alice" });
    expect(attributes.sub).toMatch(UUID);
    expect(got.UserAttributes![0]!.Name).toBe("sub");
    expect(got.UserCreateDate).toBeInstanceOf(Date);
    expect(Math.round(got.UserCreateDate!.getTime() / 1000)).toBeGreaterThanOrEqual(before);
    expect(got.UserLastModifiedDate).toBeInstanceOf(Date);

    const db = new Database(database(), { readonly: true });
    try {
      const row = db
        .prepare("SELECT password_expires_at, srp_salt, srp_verifier FROM users WHERE pool_id = ?")
        .get(poolId) as Record<string, number | string>;
      expect(Number(row.password_expires_at) - Date.now()).toBeGreaterThan(3 * 86_400_000 - 60_000);
      expect(Number(row.password_expires_at) - Date.now()).toBeLessThanOrEqual(3 * 86_400_000);
      expect(row.srp_salt).toMatch(/^[0-9a-f]+$/);
      // The verifier is sealed under the master key (a copy of the file allows no offline guessing).
      expect(isSealed(String(row.srp_verifier))).toBe(true);
    } finally {
      db.close();
    }

    const taken = await rejection(
      admin().send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: "ALICE", MessageAction: "SUPPRESS" }),
      ),
    );
    expect(taken).toBeInstanceOf(UsernameExistsException);
    expect(taken.message).toBe("User account already exists");
  });

  it("takes a given temporary password, suppresses or resends the invitation, and checks the policy", async () => {
    const poolId = await newPool();
    const count = outbox().length;
    secrets.add("Temp-Pass1!");
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "bob",
        TemporaryPassword: "Temp-Pass1!",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "phone_number", Value: "+15555550100" }],
      }),
    );
    expect(outbox().length).toBe(count);
    await admin().send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: "bob", MessageAction: "RESEND" }),
    );
    const sms = lastMessageTo("+15555550100");
    expect(sms).toMatchObject({ channel: "SMS", username: "bob" });
    expect(sms.code).not.toBe("Temp-Pass1!");
    const weak = await rejection(
      admin().send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: "carol", TemporaryPassword: "weakpass" }),
      ),
    );
    expect(weak).toBeInstanceOf(InvalidPasswordException);
    expect(weak.message).toBe(`${POLICY}Password must have uppercase characters`);
    const unknown = await rejection(
      admin().send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: "carol",
          UserAttributes: [{ Name: "custom:nope", Value: "1" }],
        }),
      ),
    );
    expect(unknown).toBeInstanceOf(InvalidParameterException);
    const noPool = await rejection(
      admin().send(new AdminCreateUserCommand({ UserPoolId: "us-east-1_Missing00", Username: "x" })),
    );
    expect(noPool).toBeInstanceOf(ResourceNotFoundException);
    expect(noPool.message).toBe("User pool us-east-1_Missing00 does not exist.");
  });

  it("signs users in by email in an email pool: the username is a UUID, the sub, and the email is unique", async () => {
    const poolId = await newPool({ UsernameAttributes: ["email"] });
    const notEmail = await rejection(
      admin().send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: "dave", MessageAction: "SUPPRESS" }),
      ),
    );
    expect(notEmail).toBeInstanceOf(InvalidParameterException);
    expect(notEmail.message).toBe("Username should be an email.");
    const { User } = await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "Dave@Example.com",
        DesiredDeliveryMediums: ["EMAIL"],
      }),
    );
    expect(User!.Username).toMatch(UUID);
    expect(attrs(User!.Attributes)).toMatchObject({ email: "Dave@Example.com", sub: User!.Username });
    expect(lastMessageTo("Dave@Example.com").body).toContain("Your username is Dave@Example.com");
    const byEmail = await admin().send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: "dave@example.com" }),
    );
    expect(byEmail.Username).toBe(User!.Username);
    const again = await rejection(
      admin().send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: "dave@example.com",
          MessageAction: "SUPPRESS",
        }),
      ),
    );
    expect(again).toBeInstanceOf(UsernameExistsException);
    expect(again.message).toBe("An account with the given email already exists.");
  });

  it("gives verified emails as aliases in an alias pool, one user each", async () => {
    const poolId = await newPool({ AliasAttributes: ["email", "preferred_username"] });
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "olga",
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: "olga@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    expect(
      (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "OLGA@example.com" })))
        .Username,
    ).toBe("olga");
    const clash = await rejection(
      admin().send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: "olga2",
          MessageAction: "SUPPRESS",
          UserAttributes: [
            { Name: "email", Value: "olga@example.com" },
            { Name: "email_verified", Value: "true" },
          ],
        }),
      ),
    );
    expect(clash.name).toBe("AliasExistsException");
    expect(clash.message).toBe("An account with the given email already exists.");
    // Unverified, the same email is no alias, so a second user may have it.
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "olga3",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email", Value: "olga@example.com" }],
      }),
    );
  });

  it("sets passwords, permanent or temporary, with Cognito's policy messages", async () => {
    const poolId = await newPool();
    await admin().send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: "erin", MessageAction: "SUPPRESS" }),
    );
    for (const [password, problem] of [
      ["Ab1!x", null],
      ["abcdefg1!", "Password must have uppercase characters"],
      ["ABCDEFG1!", "Password must have lowercase characters"],
      ["Abcdefgh!", "Password must have numeric characters"],
      ["Abcdefgh1", "Password must have symbol characters"],
      ["Abcd1!x", "Password not long enough"],
    ] as const) {
      const error = await rejection(
        admin().send(
          new AdminSetUserPasswordCommand({
            UserPoolId: poolId,
            Username: "erin",
            Password: password,
            Permanent: true,
          }),
        ),
      );
      if (problem === null) {
        expect(error).toBeInstanceOf(InvalidParameterException);
        expect(error.message).toBe(
          "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 6",
        );
      } else {
        expect(error).toBeInstanceOf(InvalidPasswordException);
        expect(error.message).toBe(POLICY + problem);
      }
    }
    secrets.add("Perm4nent!Pass").add("Tempor4ry!Pass");
    await admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "ERIN",
        Password: "Perm4nent!Pass",
        Permanent: true,
      }),
    );
    expect(
      (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "erin" }))).UserStatus,
    ).toBe("CONFIRMED");
    await admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "erin",
        Password: "Tempor4ry!Pass",
        Permanent: false,
      }),
    );
    expect(
      (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "erin" }))).UserStatus,
    ).toBe("FORCE_CHANGE_PASSWORD");
    // What is stored is an SRP salt and verifier for the internal username, and they check out.
    const db = new Database(database(), { readonly: true });
    const row = db
      .prepare("SELECT sub, username, srp_salt, srp_verifier FROM users WHERE pool_id = ?")
      .get(poolId) as Record<string, string>;
    db.close();
    const master = await importMasterKey(readFileSync(join(dataDir, "master-key"), "utf8"));
    const stored = {
      salt: row.srp_salt!,
      verifier: bigintFromHex(await open(master, `srp-verifier:${poolId}:${row.sub}`, row.srp_verifier!))!,
    };
    const poolName = poolId.split("_")[1]!;
    expect(await verifyPassword(stored, poolName, row.username!, "Tempor4ry!Pass")).toBe(true);
    expect(await verifyPassword(stored, poolName, row.username!, "Perm4nent!Pass")).toBe(false);
    const missing = await rejection(
      admin().send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: "nobody",
          Password: "Perm4nent!Pass",
          Permanent: true,
        }),
      ),
    );
    expect(missing).toBeInstanceOf(UserNotFoundException);
    expect(missing.message).toBe("User does not exist.");
  });

  it("enables, disables, deletes users, and updates and deletes attributes", async () => {
    const poolId = await newPool({ Schema: [{ Name: "tenant", AttributeDataType: "String" }] });
    await admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "frank",
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: "frank@example.com" },
          { Name: "email_verified", Value: "true" },
        ],
      }),
    );
    await admin().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "Frank" }));
    expect(
      (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "frank" }))).Enabled,
    ).toBe(false);
    await admin().send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: "frank" }));
    expect(
      (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "frank" }))).Enabled,
    ).toBe(true);

    await admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: "frank",
        UserAttributes: [
          { Name: "email", Value: "f@example.org" },
          { Name: "custom:tenant", Value: "acme" },
        ],
      }),
    );
    let attributes = attrs(
      (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "frank" }))).UserAttributes,
    );
    expect(attributes).toMatchObject({
      email: "f@example.org",
      email_verified: "false",
      "custom:tenant": "acme",
    });
    const sub = await rejection(
      admin().send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: poolId,
          Username: "frank",
          UserAttributes: [{ Name: "sub", Value: "x" }],
        }),
      ),
    );
    expect(sub).toBeInstanceOf(InvalidParameterException);
    const unknown = await rejection(
      admin().send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: poolId,
          Username: "frank",
          UserAttributes: [{ Name: "custom:other", Value: "x" }],
        }),
      ),
    );
    expect(unknown).toBeInstanceOf(InvalidParameterException);
    expect(unknown.message).toBe(
      "Attributes did not conform to the schema: Type for attribute {custom:other} could not be determined",
    );

    await admin().send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: poolId,
        Username: "frank",
        UserAttributeNames: ["custom:tenant", "email"],
      }),
    );
    attributes = attrs(
      (await admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "frank" }))).UserAttributes,
    );
    expect(Object.keys(attributes).sort()).toEqual(["sub"]);

    await admin().send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "FRANK" }));
    for (const command of [
      new AdminGetUserCommand({ UserPoolId: poolId, Username: "frank" }),
      new AdminDeleteUserCommand({ UserPoolId: poolId, Username: "frank" }),
      new AdminEnableUserCommand({ UserPoolId: poolId, Username: "frank" }),
    ]) {
      const gone = await rejection(admin().send(command as never));
      expect(gone).toBeInstanceOf(UserNotFoundException);
      expect(gone.message).toBe("User does not exist.");
    }
  });

  it("lists users with filters, Limit, PaginationToken and AttributesToGet", async () => {
    const poolId = await newPool();
    const people = [
      ["Gina", "gina@example.com", "Gina"],
      ["gus", "gus@example.net", "Gus"],
      ["Hank", "hank@example.com", "Hank"],
      ["ivy", "ivy@sample.org", "Ivy"],
      ["Jack", "jack@example.com", "Jack"],
    ];
    for (const [Username, email, name] of people) {
      await admin().send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username,
          MessageAction: "SUPPRESS",
          UserAttributes: [
            { Name: "email", Value: email! },
            { Name: "given_name", Value: name! },
          ],
        }),
      );
    }
    await admin().send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "ivy" }));
    await admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "jack",
        Password: "Perm4nent!Pass",
        Permanent: true,
      }),
    );

    const names = async (Filter?: string) =>
      ((await admin().send(new ListUsersCommand({ UserPoolId: poolId, Filter }))).Users ?? [])
        .map((u) => u.Username)
        .sort();
    expect(await names()).toEqual(["Gina", "Hank", "Jack", "gus", "ivy"]);
    expect(await names('email ^= "G"')).toEqual(["Gina", "gus"]);
    expect(await names('email = "HANK@example.com"')).toEqual(["Hank"]);
    expect(await names('username = "gina"')).toEqual(["Gina"]);
    expect(await names('username ^= "g"')).toEqual(["Gina", "gus"]);
    expect(await names('given_name ^= "Gu"')).toEqual(["gus"]);
    expect(await names('status = "Disabled"')).toEqual(["ivy"]);
    expect(await names('cognito:user_status = "CONFIRMED"')).toEqual(["Jack"]);
    expect(await names('email = "nobody@example.com"')).toEqual([]);

    const seen: string[] = [];
    let PaginationToken: string | undefined;
    let pages = 0;
    do {
      const page = await admin().send(
        new ListUsersCommand({ UserPoolId: poolId, Limit: 2, PaginationToken, AttributesToGet: ["email"] }),
      );
      expect(page.Users!.length).toBeLessThanOrEqual(2);
      for (const user of page.Users!) {
        expect(user.Attributes!.map((a) => a.Name)).toEqual(["email"]);
        expect(user.UserCreateDate).toBeInstanceOf(Date);
        seen.push(user.Username!);
      }
      PaginationToken = page.PaginationToken;
      pages++;
    } while (PaginationToken !== undefined && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(["Gina", "Hank", "Jack", "gus", "ivy"]);

    const badFilter = await rejection(
      admin().send(new ListUsersCommand({ UserPoolId: poolId, Filter: "email ~ x" })),
    );
    expect(badFilter).toBeInstanceOf(InvalidParameterException);
    const badAttribute = await rejection(
      admin().send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'locale = "en"' })),
    );
    expect(badAttribute).toBeInstanceOf(InvalidParameterException);
    expect(badAttribute.message).toBe("Invalid search attribute: locale");
    const badLimit = await rejection(admin().send(new ListUsersCommand({ UserPoolId: poolId, Limit: 61 })));
    expect(badLimit).toBeInstanceOf(InvalidParameterException);
    const badToken = await rejection(
      admin().send(new ListUsersCommand({ UserPoolId: poolId, PaginationToken: "not-ours" })),
    );
    expect(badToken).toBeInstanceOf(InvalidParameterException);
  });
});

describe("administration of users at rest", () => {
  it("keeps no password in clear in the database files", () => {
    expect(secrets.size).toBeGreaterThan(4);
    expectNothingInClear("alice@example.com");
  });
});
