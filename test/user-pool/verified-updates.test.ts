// A user never verifies an address without its code, and the pool's
// UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate keeps a verified email or
// phone number in use until its replacement is verified: driven by the AWS SDK v3 against the
// Node entry, codes read from the outbox.
import {
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolClientCommand,
  DeleteUserAttributesCommand,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  UpdateUserPoolCommand,
  VerifyUserAttributeCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { attrs, rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const PASSWORD = "Verify-Horse-9x";
const UNAUTHORIZED = ["NotAuthorizedException", "A client attempted to write unauthorized attribute"];
const claims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;
const wrongCode = (code: string) => (code === "000000" ? "000001" : "000000");
let counter = 0;

/** A pool (AutoVerifiedAttributes email and phone, email an alias unless told), a client, and a signed-in user with a verified email. */
async function pool(settings: Record<string, unknown> = {}, verified = true) {
  const poolId = await env.newPool({
    AutoVerifiedAttributes: ["email", "phone_number"],
    AliasAttributes: ["email"],
    ...settings,
  });
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  const n = ++counter;
  const old = `old${n}@example.com`;
  const usernameIsEmail = (settings.UsernameAttributes as string[] | undefined)?.includes("email");
  const username = usernameIsEmail ? old : `user${n}`;
  const phone = `+1555555${String(1000 + n).slice(-4)}`;
  await env.admin().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: old },
        { Name: "email_verified", Value: String(verified) },
        { Name: "phone_number", Value: phone },
        { Name: "phone_number_verified", Value: "true" },
      ],
    }),
  );
  await env.admin().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  const signIn = async (USERNAME: string) =>
    (
      await env.anyone().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME, PASSWORD },
        }),
      )
    ).AuthenticationResult!;
  const { AccessToken } = await signIn(username);
  const token = AccessToken!;
  const mine = async () =>
    attrs((await env.anyone().send(new GetUserCommand({ AccessToken: token }))).UserAttributes);
  const asAdmin = async () =>
    attrs(
      (await env.admin().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })))
        .UserAttributes,
    );
  const update = (attributes: Record<string, string>) =>
    env.anyone().send(
      new UpdateUserAttributesCommand({
        AccessToken: token,
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }),
    );
  const verify = (AttributeName: string, Code: string) =>
    env.anyone().send(new VerifyUserAttributeCommand({ AccessToken: token, AttributeName, Code }));
  const n2 = `new${n}@example.org`;
  return { poolId, clientId, username, old, fresh: n2, phone, token, signIn, mine, asAdmin, update, verify };
}

const ARVBU = (...names: ("email" | "phone_number")[]) => ({
  UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: names },
});

describe("verification flags", () => {
  it("are never set by the user: UpdateUserAttributes and SignUp refuse them, the admin API may set them", async () => {
    const { poolId, clientId, username, fresh, update, mine, asAdmin } = await pool({}, false);
    const before = await asAdmin();
    const changes: Record<string, string>[] = [
      { email: fresh, email_verified: "true" },
      { email_verified: "true" },
      { email_verified: "false" },
      { phone_number_verified: "true" },
      { name: "x", phone_number_verified: "false" },
    ];
    for (const change of changes) {
      const error = await rejection(update(change));
      expect([error.name, error.message], JSON.stringify(change)).toEqual(UNAUTHORIZED);
      expect(await asAdmin()).toEqual(before);
    }
    expect((await mine()).email_verified).toBe("false");
    const signUp = await rejection(
      env.anyone().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: "sol",
          Password: PASSWORD,
          UserAttributes: [
            { Name: "email", Value: "sol@example.com" },
            { Name: "email_verified", Value: "true" },
          ],
        }),
      ),
    );
    expect([signUp.name, signUp.message]).toEqual(UNAUTHORIZED);
    // Nor can a client be made whose WriteAttributes name a flag.
    const listed = await rejection(
      env.admin().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: "wide",
          WriteAttributes: ["email", "email_verified"],
        }),
      ),
    );
    expect([listed.name, listed.message]).toEqual([
      "InvalidParameterException",
      "Invalid write attributes specified while creating a client",
    ]);

    await env.admin().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: username,
        UserAttributes: [{ Name: "email_verified", Value: "true" }],
      }),
    );
    expect((await mine()).email_verified).toBe("true");
  });
});

describe("without AttributesRequireVerificationBeforeUpdate", () => {
  it("a new email replaces the old at once, unverified until its code", async () => {
    const { old, fresh, update, mine, verify, signIn } = await pool();
    const out = await update({ email: fresh });
    expect(out.CodeDeliveryDetailsList).toEqual([
      expect.objectContaining({ AttributeName: "email", DeliveryMedium: "EMAIL" }),
    ]);
    expect(await mine()).toMatchObject({ email: fresh, email_verified: "false" });
    expect((await rejection(signIn(old))).name).toBe("UserNotFoundException");
    await verify("email", env.lastMessageTo(fresh).code!);
    expect(await mine()).toMatchObject({ email: fresh, email_verified: "true" });
    expect(claims((await signIn(fresh)).IdToken!)).toMatchObject({ email: fresh, email_verified: true });
  });
});

describe("AttributesRequireVerificationBeforeUpdate", () => {
  it("lists only attributes the pool auto-verifies (CreateUserPool, UpdateUserPool)", async () => {
    const message = [
      "InvalidParameterException",
      "All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes",
    ];
    const created = await rejection(
      env.newPool({ AutoVerifiedAttributes: ["phone_number"], ...ARVBU("email") }),
    );
    expect([created.name, created.message]).toEqual(message);
    const poolId = await env.newPool({ AutoVerifiedAttributes: ["email"], ...ARVBU("email") });
    const updated = await rejection(
      env.admin().send(new UpdateUserPoolCommand({ UserPoolId: poolId, ...ARVBU("email") })),
    );
    expect([updated.name, updated.message]).toEqual(message);
    await env.admin().send(
      new UpdateUserPoolCommand({
        UserPoolId: poolId,
        AutoVerifiedAttributes: ["email", "phone_number"],
        ...ARVBU("phone_number"),
      }),
    );
    const { UserPool } = await env.admin().send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(UserPool!.UserAttributeUpdateSettings).toEqual({
      AttributesRequireVerificationBeforeUpdate: ["phone_number"],
    });
  });

  it("keeps the verified email in use (sign-in, GetUser, tokens, recovery) until the code sent to the new one is typed", async () => {
    const { clientId, username, old, fresh, update, mine, asAdmin, verify, signIn } = await pool(
      ARVBU("email"),
    );
    const out = await update({ email: fresh, name: "Nia" });
    expect(out.CodeDeliveryDetailsList).toEqual([
      {
        AttributeName: "email",
        DeliveryMedium: "EMAIL",
        Destination: expect.stringMatching(/^n\*\*\*\*@e\*\*\*\*$/),
      },
    ]);
    const code = env.lastMessageTo(fresh).code!;
    // Other attributes change at once; the email does not, and stays verified.
    expect(await mine()).toMatchObject({ email: old, email_verified: "true", name: "Nia" });
    expect(await asAdmin()).toMatchObject({ email: old, email_verified: "true" });
    expect(Object.values(await asAdmin())).not.toContain(fresh);
    const tokens = await signIn(old);
    expect(claims(tokens.IdToken!)).toMatchObject({
      email: old,
      email_verified: true,
      "cognito:username": username,
    });
    expect((await rejection(signIn(fresh))).name).toBe("UserNotFoundException");
    const reset = await env
      .anyone()
      .send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }));
    expect(reset.CodeDeliveryDetails?.AttributeName).toBe("email");
    expect(env.outbox().at(-1)!.to).toBe(old);

    expect((await rejection(verify("email", wrongCode(code)))).name).toBe("CodeMismatchException");
    expect(await mine()).toMatchObject({ email: old, email_verified: "true" });
    await verify("email", code);
    expect(await mine()).toMatchObject({ email: fresh, email_verified: "true" });
    expect(claims((await signIn(fresh)).IdToken!)).toMatchObject({ email: fresh, email_verified: true });
    expect((await rejection(signIn(old))).name).toBe("UserNotFoundException");
    expect((await rejection(verify("email", code))).name).toBe("ExpiredCodeException");
  });

  it("sends a fresh code to the pending value, never to the old one, and a code for the old value never verifies the new", async () => {
    const { old, fresh, update, mine, verify, token } = await pool(ARVBU("email"));
    // A code the user asked for their current address before the change.
    await env
      .anyone()
      .send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "email" }));
    const forOld = env.lastMessageTo(old).code!;
    await update({ email: fresh });
    const first = env.lastMessageTo(fresh).code!;
    const resent = await env
      .anyone()
      .send(new GetUserAttributeVerificationCodeCommand({ AccessToken: token, AttributeName: "email" }));
    expect(resent.CodeDeliveryDetails).toMatchObject({
      AttributeName: "email",
      Destination: expect.stringMatching(/^n\*\*\*\*@e\*\*\*\*$/),
    });
    const second = env.lastMessageTo(fresh).code!;
    expect(env.outbox().filter((m) => m.to === old)).toHaveLength(1);
    if (forOld !== second)
      expect((await rejection(verify("email", forOld))).name).toBe("CodeMismatchException");
    if (first !== second)
      expect((await rejection(verify("email", first))).name).toBe("CodeMismatchException");
    expect(await mine()).toMatchObject({ email: old, email_verified: "true" });
    // Two at once with the right code: one makes the new value the user's, the other finds the code used.
    const both = await Promise.allSettled([0, 1].map(() => verify("email", second)));
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((both.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.name).toBe(
      "ExpiredCodeException",
    );
    expect(await mine()).toMatchObject({ email: fresh, email_verified: "true" });
  });

  it("drops the pending value when the user sets the old one back, or deletes the attribute", async () => {
    const { old, fresh, update, mine, verify, token } = await pool(ARVBU("email"));
    await update({ email: fresh });
    const code = env.lastMessageTo(fresh).code!;
    await update({ email: old });
    expect((await rejection(verify("email", code))).name).toBe("ExpiredCodeException");
    expect(await mine()).toMatchObject({ email: old, email_verified: "true" });
    await update({ email: fresh });
    const again = env.lastMessageTo(fresh).code!;
    await env
      .anyone()
      .send(new DeleteUserAttributesCommand({ AccessToken: token, UserAttributeNames: ["email"] }));
    expect((await rejection(verify("email", again))).name).toBe("InvalidParameterException");
    expect(await mine()).not.toHaveProperty("email");
    expect(await mine()).not.toHaveProperty("email_verified");
  });

  it("replaces an unverified email at once", async () => {
    const { fresh, update, mine } = await pool(ARVBU("email"), false);
    await update({ email: fresh });
    expect(await mine()).toMatchObject({ email: fresh, email_verified: "false" });
  });

  it("applies to the phone number when the pool lists it", async () => {
    const { phone, update, mine, verify } = await pool(ARVBU("phone_number", "email"));
    const next = "+15555559999";
    const out = await update({ phone_number: next });
    expect(out.CodeDeliveryDetailsList).toEqual([
      expect.objectContaining({ AttributeName: "phone_number", DeliveryMedium: "SMS" }),
    ]);
    expect(await mine()).toMatchObject({ phone_number: phone, phone_number_verified: "true" });
    await verify("phone_number", env.lastMessageTo(next).code!);
    expect(await mine()).toMatchObject({ phone_number: next, phone_number_verified: "true" });
  });

  it("where email is the username: the old email signs in until the new one is verified, and another user's email is refused", async () => {
    const { poolId, old, fresh, update, mine, verify, signIn } = await pool({
      ...ARVBU("email"),
      UsernameAttributes: ["email"],
      AliasAttributes: undefined,
    });
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "taken@example.com",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email_verified", Value: "true" }],
      }),
    );
    const taken = await rejection(update({ email: "TAKEN@example.com" }));
    expect([taken.name, taken.message]).toEqual([
      "AliasExistsException",
      "An account with the given email already exists.",
    ]);
    await update({ email: fresh });
    expect(await mine()).toMatchObject({ email: old, email_verified: "true" });
    expect(await signIn(old)).toHaveProperty("AccessToken");
    await verify("email", env.lastMessageTo(fresh).code!);
    expect(await signIn(fresh)).toHaveProperty("AccessToken");
    expect((await rejection(signIn(old))).name).toBe("UserNotFoundException");
  });

  it("AdminUpdateUserAttributes: a new email waits too, unless the admin marks it verified, which drops the pending one and its code", async () => {
    const { poolId, username, old, fresh, asAdmin, verify } = await pool(ARVBU("email"));
    const set = (attributes: Record<string, string>) =>
      env.admin().send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: poolId,
          Username: username,
          UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
    await set({ email: fresh });
    const code = env.lastMessageTo(fresh).code!;
    expect(await asAdmin()).toMatchObject({ email: old, email_verified: "true" });
    const third = `third-${fresh}`;
    await set({ email: third, email_verified: "true" });
    expect(await asAdmin()).toMatchObject({ email: third, email_verified: "true" });
    expect((await rejection(verify("email", code))).name).toBe("ExpiredCodeException");
    expect(await asAdmin()).toMatchObject({ email: third, email_verified: "true" });
    await env.admin().send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: poolId,
        Username: username,
        UserAttributeNames: ["name"],
      }),
    );
  });
});
