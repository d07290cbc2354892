// A confirmed user with a verified email address and a permanent password, made as the admin.
import { AdminCreateUserCommand, AdminSetUserPasswordCommand } from "@aws-sdk/client-cognito-identity-provider";
import type { usersServer } from "./users-setup.js";

export async function adminUser(env: ReturnType<typeof usersServer>, poolId: string, username: string, password: string): Promise<void> {
  await env.admin().send(new AdminCreateUserCommand({
    UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS",
    UserAttributes: [{ Name: "email", Value: `${username}@example.com` }, { Name: "email_verified", Value: "true" }],
  }));
  await env.admin().send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
}
