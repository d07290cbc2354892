// What every end-to-end scenario is handed: a running cognate (Node or workerd), its admin key,
// and a way to read the codes it sends. The same scenarios run against both targets.
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";

export interface Target {
  endpoint: string;
  admin: { accessKeyId: string; secretAccessKey: string };
  /** The code of the newest message to `to` not read before; waits a little for it to arrive. */
  readCode: (to: string) => Promise<string>;
  /** Operations that answered successfully through an SDK client of this target. */
  calls: Set<string>;
  /** The target's COGNATE_MASTER_KEY, for what only a message would carry (auth-event feedback tokens). */
  masterKey: string;
  /** The target's COGNATE_REVOCATION_FEED_SECRET, which authorizer() needs to read the revocation feed. */
  feedSecret: string;
}

export const attrs = (list: { Name?: string; Value?: string }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));
export const attributeList = (record: Record<string, string>) =>
  Object.entries(record).map(([Name, Value]) => ({ Name, Value }));
export const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
export const FLOWS = [
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
] as const;

/** A unique name per run, so scenarios never collide on a target that outlives them. */
export const unique = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

/**
 * An SDK client against the target: signed with the admin key, or with a stranger's key (the
 * unsigned operations ignore the signature). Each successful operation is recorded in `calls`.
 */
export function client(target: Target, as: "admin" | "anyone" = "admin"): CognitoIdentityProviderClient {
  const credentials =
    as === "admin" ? target.admin : { accessKeyId: "AKIAE2EANYONE0000001", secretAccessKey: "anyone" };
  const idp = new CognitoIdentityProviderClient({
    region: "us-east-1",
    endpoint: target.endpoint,
    credentials,
    maxAttempts: 1,
  });
  idp.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      target.calls.add(String(context.commandName).replace(/Command$/, ""));
      return out;
    },
    { step: "initialize", name: "recordOperation" },
  );
  return idp;
}

/** A pool and one app client allowing every password flow (no secret unless asked). */
export async function poolWithClient(
  target: Target,
  pool: Partial<CreateUserPoolCommandInput> = {},
  app: Partial<CreateUserPoolClientCommandInput> = {},
) {
  const idp = client(target);
  const { UserPool } = await idp.send(
    new CreateUserPoolCommand({
      PoolName: unique("e2e"),
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireSymbols: false } },
      ...pool,
    }),
  );
  const poolId = UserPool!.Id!;
  const { UserPoolClient } = await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: [...FLOWS],
      ...app,
    }),
  );
  return { poolId, clientId: UserPoolClient!.ClientId!, clientSecret: UserPoolClient!.ClientSecret };
}

/** A CONFIRMED user with a permanent password, made through the admin API. */
export async function confirmedUser(
  target: Target,
  poolId: string,
  username: string,
  password: string,
  attributes: Record<string, string> = {},
) {
  const idp = client(target);
  const { User } = await idp.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: attributeList(attributes),
    }),
  );
  await idp.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  return attrs(User!.Attributes).sub!;
}

/** USER_PASSWORD_AUTH's tokens. */
export async function passwordSignIn(target: Target, clientId: string, USERNAME: string, PASSWORD: string) {
  const out = await client(target, "anyone").send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME, PASSWORD },
    }),
  );
  return out.AuthenticationResult!;
}

/** REFRESH_TOKEN_AUTH. */
export const refresh = (target: Target, clientId: string, REFRESH_TOKEN: string) =>
  client(target, "anyone").send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: "REFRESH_TOKEN_AUTH",
      AuthParameters: { REFRESH_TOKEN },
    }),
  );

export { rejection } from "../auth-helpers.js";

/** Keeps per-address counts so `readCode` returns only messages not read before. */
export function codeReader(
  messages: () => Promise<Array<{ to: string; code?: string }>> | Array<{ to: string; code?: string }>,
) {
  const seen = new Map<string, number>();
  return async (to: string): Promise<string> => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const mine = (await messages()).filter((m) => m.to === to);
      if (mine.length > (seen.get(to) ?? 0)) {
        seen.set(to, mine.length);
        const code = mine.at(-1)!.code;
        if (code === undefined) throw new Error(`the last message to ${to} carries no code`);
        return code;
      }
      if (Date.now() > deadline) throw new Error(`no new message to ${to}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
}
