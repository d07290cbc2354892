// NEW_PASSWORD_REQUIRED's `userAttributes.*` answers go through the same checks as SignUp and
// UpdateUserAttributes (schema, mutability, the client's WriteAttributes, aliases, never `sub`,
// `cognito:*` or `*_verified`), over the wire with the AWS SDK v3 against the Node entry; and no
// stored attribute can forge a claim of the tokens.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { repositories } from "../../src/storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../src/storage/sqlite.node.js";
import { attrs, rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const TEMP = "Temp-Pass-11x";
const NEW = "Brand-New-Pass-22";
const UNAUTHORIZED = ["NotAuthorizedException", "A client attempted to write unauthorized attribute"];
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
const FLOWS = [
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
] as const;

/** A pool with aliases, an admins group holding a victim, an invited attacker, and a way to answer the challenge. */
async function invited(pool: Record<string, unknown> = { AliasAttributes: ["email", "preferred_username"] }) {
  const poolId = await env.newPool({
    Schema: [
      { Name: "tier", AttributeDataType: "String", Mutable: true },
      { Name: "role", AttributeDataType: "String", Mutable: false },
    ],
    ...pool,
  });
  const app = async (settings: Record<string, unknown> = {}) =>
    (
      await env.admin().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: "app",
          ExplicitAuthFlows: [...FLOWS],
          ...settings,
        }),
      )
    ).UserPoolClient!.ClientId!;
  const clientId = await app();
  const usernames = (pool.UsernameAttributes as string[] | undefined)?.includes("email");
  const victimName = usernames ? "victim@example.com" : "victim";
  const { User } = await env.admin().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: victimName,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: "victim@example.com" },
        { Name: "email_verified", Value: "true" },
        ...(usernames ? [] : [{ Name: "preferred_username", Value: "boss" }]),
      ],
    }),
  );
  await env.admin().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: victimName,
      Password: NEW,
      Permanent: true,
    }),
  );
  await env.admin().send(
    new CreateGroupCommand({
      UserPoolId: poolId,
      GroupName: "admins",
      RoleArn: "arn:aws:iam::123456789012:role/admins",
      Precedence: 0,
    }),
  );
  await env
    .admin()
    .send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: victimName, GroupName: "admins" }));
  const victimSub = attrs(User!.Attributes).sub!;

  const malloryName = usernames ? "mallory@example.com" : "mallory";
  await env.admin().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: malloryName,
      TemporaryPassword: TEMP,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: "mallory@example.com" },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
  const stored = async () => {
    const user = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: malloryName }));
    return { status: user.UserStatus, attributes: attrs(user.UserAttributes) };
  };
  const before = await stored();
  /** Starts the challenge (public or admin) and answers it with these attributes. */
  const answer = async (
    attributes: Record<string, string>,
    options: { admin?: boolean; client?: string } = {},
  ) => {
    const ClientId = options.client ?? clientId;
    const responses = {
      USERNAME: malloryName,
      NEW_PASSWORD: NEW,
      ...Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`userAttributes.${k}`, v])),
    };
    if (options.admin) {
      const started = await env.admin().send(
        new AdminInitiateAuthCommand({
          UserPoolId: poolId,
          ClientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: malloryName, PASSWORD: TEMP },
        }),
      );
      expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
      return env.admin().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: started.Session,
          ChallengeResponses: responses,
        }),
      );
    }
    const started = await env.anyone().send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: malloryName, PASSWORD: TEMP },
      }),
    );
    expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    return env.anyone().send(
      new RespondToAuthChallengeCommand({
        ClientId,
        ChallengeName: "NEW_PASSWORD_REQUIRED",
        Session: started.Session,
        ChallengeResponses: responses,
      }),
    );
  };
  /** The answer is refused with `expected` and nothing of the user changed. */
  const refused = async (
    attributes: Record<string, string>,
    expected: string[],
    options: { admin?: boolean; client?: string } = {},
  ) => {
    const error = await rejection(answer(attributes, options));
    expect([error.name, error.message], JSON.stringify(attributes)).toEqual(expected);
    expect(await stored()).toEqual(before);
  };
  return { poolId, clientId, app, victimSub, victimName, malloryName, answer, refused, stored, before };
}

const schema = (name: string) => [
  "InvalidParameterException",
  `Attributes did not conform to the schema: Type for attribute {${name}} could not be determined`,
];

describe("NEW_PASSWORD_REQUIRED's attributes", () => {
  it("never sets sub, cognito:*, *_verified, unknown or immutable attributes, and leaves the user as it was", async () => {
    const { victimSub, refused, answer, stored, before } = await invited();
    expect(before.status).toBe("FORCE_CHANGE_PASSWORD");
    await refused({ sub: victimSub }, [
      "InvalidParameterException",
      "Attributes did not conform to the schema: sub: Attribute cannot be updated. (changing an immutable attribute)",
    ]);
    await refused({ email_verified: "true" }, UNAUTHORIZED);
    await refused({ email_verified: "false" }, UNAUTHORIZED);
    await refused({ phone_number: "+15555550100", phone_number_verified: "true" }, UNAUTHORIZED);
    await refused({ "cognito:groups": "admins" }, schema("cognito:groups"));
    await refused(
      { "cognito:preferred_role": "arn:aws:iam::123456789012:role/admins" },
      schema("cognito:preferred_role"),
    );
    await refused({ "cognito:username": "victim" }, schema("cognito:username"));
    await refused({ "custom:nope": "1" }, schema("custom:nope"));
    await refused({ iss: "https://evil.example" }, schema("iss"));
    await refused({ "custom:role": "admin" }, [
      "InvalidParameterException",
      "Attributes did not conform to the schema: custom:role: Attribute cannot be updated. (changing an immutable attribute)",
    ]);
    // A good attribute beside a bad one is not stored either.
    await refused({ name: "Mallory", "cognito:groups": "admins" }, schema("cognito:groups"));
    await refused({ name: "Mallory", email_verified: "true" }, UNAUTHORIZED);

    // The same challenge, answered well, still works, and its tokens carry nothing forged.
    const done = await answer({ name: "Mallory", "custom:tier": "gold" });
    const id = claims(done.AuthenticationResult!.IdToken!);
    const access = claims(done.AuthenticationResult!.AccessToken!);
    for (const token of [id, access]) {
      expect(token).not.toHaveProperty("cognito:groups");
      expect(token).not.toHaveProperty("cognito:preferred_role");
      expect(token.sub).not.toBe(victimSub);
    }
    expect(id).toMatchObject({
      name: "Mallory",
      "custom:tier": "gold",
      email: "mallory@example.com",
      email_verified: true,
      "cognito:username": "mallory",
    });
    const after = await stored();
    expect(after.status).toBe("CONFIRMED");
    expect(after.attributes).toEqual({ ...before.attributes, name: "Mallory", "custom:tier": "gold" });
    const me = attrs(
      (await env.anyone().send(new GetUserCommand({ AccessToken: done.AuthenticationResult!.AccessToken! })))
        .UserAttributes,
    );
    expect(me.sub).toBe(before.attributes.sub);
  });

  it("keeps aliases unique: another user's preferred_username is refused; another's email stays unverified and theirs", async () => {
    const { clientId, refused, answer, stored, before } = await invited();
    await refused({ preferred_username: "BOSS" }, [
      "AliasExistsException",
      "An account with the given preferred_username already exists.",
    ]);
    await refused({ preferred_username: "mal", email_verified: "true" }, UNAUTHORIZED);
    const done = await answer({ email: "victim@example.com" });
    expect(claims(done.AuthenticationResult!.IdToken!)).toMatchObject({
      email: "victim@example.com",
      email_verified: false,
    });
    expect((await stored()).attributes).toMatchObject({
      email: "victim@example.com",
      email_verified: "false",
      sub: before.attributes.sub,
    });
    // The address still signs the victim in, not mallory.
    const victim = await env.anyone().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "victim@example.com", PASSWORD: NEW },
      }),
    );
    expect(claims(victim.AuthenticationResult!.IdToken!)["cognito:username"]).toBe("victim");
  });

  it("refuses another user's email where email is the username", async () => {
    const { refused } = await invited({ UsernameAttributes: ["email"] });
    await refused({ email: "VICTIM@example.com" }, [
      "AliasExistsException",
      "An account with the given email already exists.",
    ]);
  });

  it("holds to the client's WriteAttributes, and on the admin path (AdminRespondToAuthChallenge) too", async () => {
    const { app, refused, victimSub, answer } = await invited();
    const narrow = await app({ WriteAttributes: ["name"] });
    await refused({ "custom:tier": "gold" }, UNAUTHORIZED, { client: narrow });
    await refused({ email: "mallory2@example.com" }, UNAUTHORIZED, { client: narrow, admin: true });
    await refused(
      { sub: victimSub },
      [
        "InvalidParameterException",
        "Attributes did not conform to the schema: sub: Attribute cannot be updated. (changing an immutable attribute)",
      ],
      { admin: true },
    );
    await refused({ email_verified: "true" }, UNAUTHORIZED, { admin: true });
    await refused({ "cognito:groups": "admins" }, schema("cognito:groups"), { admin: true });
    await refused({ "custom:nope": "x" }, schema("custom:nope"), { admin: true });
    const done = await answer({ name: "Mal" }, { admin: true, client: narrow });
    expect(claims(done.AuthenticationResult!.IdToken!)).not.toHaveProperty("cognito:groups");
  });
});

describe("developer-only attributes", () => {
  it("are the admin API's alone: SignUp, UpdateUserAttributes and the challenge refuse them", async () => {
    const { poolId, clientId, refused, answer, malloryName } = await invited({
      Schema: [{ Name: "plan", AttributeDataType: "String", DeveloperOnlyAttribute: true, Mutable: true }],
    });
    await refused({ "custom:plan": "enterprise" }, UNAUTHORIZED);
    const signUp = await rejection(
      env.anyone().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: "dev",
          Password: NEW,
          UserAttributes: [{ Name: "custom:plan", Value: "enterprise" }],
        }),
      ),
    );
    expect([signUp.name, signUp.message]).toEqual(UNAUTHORIZED);
    const done = await answer({});
    const update = await rejection(
      env.anyone().send(
        new UpdateUserAttributesCommand({
          AccessToken: done.AuthenticationResult!.AccessToken!,
          UserAttributes: [{ Name: "custom:plan", Value: "enterprise" }],
        }),
      ),
    );
    expect([update.name, update.message]).toEqual(UNAUTHORIZED);
    await env.admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: malloryName,
        UserAttributes: [{ Name: "custom:plan", Value: "enterprise" }],
      }),
    );
    expect(
      attrs(
        (await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: malloryName })))
          .UserAttributes,
      )["custom:plan"],
    ).toBe("enterprise");
  });
});

describe("NEW_PASSWORD_REQUIRED and the pool's update settings", () => {
  it("refuses values past AttributeType's limits, and keeps a verified email under AttributesRequireVerificationBeforeUpdate", async () => {
    const { refused, answer, stored, before } = await invited({
      AliasAttributes: ["email"],
      AutoVerifiedAttributes: ["email"],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
    });
    await refused({ name: "x".repeat(2049) }, [
      "InvalidParameterException",
      "Invalid attributes given, name is invalid",
    ]);
    const done = await answer({ email: "mallory@example.org", name: "Mal" });
    expect(claims(done.AuthenticationResult!.IdToken!)).toMatchObject({
      email: "mallory@example.com",
      email_verified: true,
      name: "Mal",
    });
    expect((await stored()).attributes).toEqual({ ...before.attributes, name: "Mal" });
    const code = env.lastMessageTo("mallory@example.org").code!;
    await env.anyone().send(
      new VerifyUserAttributeCommand({
        AccessToken: done.AuthenticationResult!.AccessToken!,
        AttributeName: "email",
        Code: code,
      }),
    );
    expect((await stored()).attributes).toMatchObject({
      email: "mallory@example.org",
      email_verified: "true",
    });
  });
});

describe("tokens of a user with forged attributes in the database", () => {
  it("carry the user's own sub, groups and token claims, never the stored ones", async () => {
    const { poolId, clientId, malloryName, answer, victimSub } = await invited();
    const done = await answer({});
    const sub = claims(done.AuthenticationResult!.IdToken!).sub as string;
    // As an older version could have stored them.
    const store = repositories(sqliteDriver(openSqliteDatabase(env.database())));
    const user = (await store.users.getBySub(poolId, sub))!;
    const forged = {
      sub: victimSub,
      "cognito:groups": "admins",
      "cognito:preferred_role": "arn:aws:iam::123456789012:role/admins",
      "cognito:username": "victim",
      iss: "https://evil.example",
      aud: "other-client",
      exp: "9999999999",
      iat: "1",
      auth_time: "1",
      token_use: "access",
      jti: "x",
      origin_jti: "x",
      event_id: "x",
      amr: "mfa",
      identities: "[]",
      nonce: "n",
      at_hash: "h",
      client_id: "other",
      username: "victim",
      scope: "admin",
      device_key: "d",
    };
    await store.users.setAttributes(
      poolId,
      user.username,
      { ...user.attributes, ...forged },
      { now: Date.now() },
    );
    const tokens = (
      await env.anyone().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: malloryName, PASSWORD: NEW },
        }),
      )
    ).AuthenticationResult!;
    const id = claims(tokens.IdToken!);
    const access = claims(tokens.AccessToken!);
    expect(id).toMatchObject({
      sub,
      "cognito:username": "mallory",
      aud: clientId,
      token_use: "id",
      email: "mallory@example.com",
    });
    expect(access).toMatchObject({
      sub,
      username: "mallory",
      client_id: clientId,
      token_use: "access",
      scope: "aws.cognito.signin.user.admin",
    });
    for (const token of [id, access]) {
      for (const name of [
        "cognito:groups",
        "cognito:preferred_role",
        "identities",
        "nonce",
        "at_hash",
        "device_key",
      ])
        expect(token, name).not.toHaveProperty(name);
      expect(String(token.iss)).not.toContain("evil");
      expect(Number(token.exp)).toBeLessThan(Date.now() / 1000 + 3700);
    }
    for (const name of ["client_id", "username", "scope"]) expect(id, name).not.toHaveProperty(name);
    expect(id.amr).toEqual(["pwd"]);
    const me = await env.anyone().send(new GetUserCommand({ AccessToken: tokens.AccessToken! }));
    expect(me.UserAttributes!.filter((a) => a.Name === "sub")).toEqual([{ Name: "sub", Value: sub }]);
    const viaAdmin = await env
      .admin()
      .send(new AdminGetUserCommand({ UserPoolId: poolId, Username: malloryName }));
    expect(viaAdmin.UserAttributes!.filter((a) => a.Name === "sub")).toEqual([{ Name: "sub", Value: sub }]);
  });
});
