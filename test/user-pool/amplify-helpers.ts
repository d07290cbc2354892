// Set-up for the Amplify v6 suite: a pool and client made with the SDK, Amplify configured at
// them with `userPoolEndpoint`, codes read from the development outbox, and TOTP codes from otplib.
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
  type CreateUserPoolCommandInput,
} from "@aws-sdk/client-cognito-identity-provider";
import { Amplify } from "aws-amplify";
import { ConsoleLogger } from "aws-amplify/utils";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generate } from "otplib";
import { sdk } from "./auth-helpers.js";

export interface OutboxMessage {
  to: string;
  username: string;
  code?: string;
}

/** The last code the server delivered to `to` (the outbox file in the data dir). */
export function lastCodeTo(dataDir: string, to: string): string {
  const file = join(dataDir, "outbox.jsonl");
  const messages = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as OutboxMessage)
    : [];
  const code = messages.filter((m) => m.to === to).at(-1)?.code;
  if (code === undefined) throw new Error(`no code sent to ${to}`);
  return code;
}

/** The TOTP code `ahead` steps from now: a step ahead is inside the server's tolerance and not yet used. */
export const totpCode = (secret: string, ahead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * ahead });

/** The payload of a JWT, unverified. */
export const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

/** A Cognito operation Amplify sent, and the status it got. */
export interface WireCall {
  operation: string;
  status: number;
  request: Record<string, unknown>;
}

/**
 * Records the Cognito operations Amplify sends (Amplify calls the global fetch; the AWS SDK uses
 * node:http, so its admin calls stay out). Some Amplify APIs swallow errors (signOut does), so the
 * record is what shows that a call was made and succeeded.
 */
export function recordAmplifyCalls() {
  const calls: WireCall[] = [];
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const target = new Headers(init?.headers).get("x-amz-target");
    if (target !== null)
      calls.push({
        operation: target.split(".").at(-1)!,
        status: response.status,
        request: JSON.parse(String(init?.body ?? "{}")) as Record<string, unknown>,
      });
    return response;
  };
  return {
    calls,
    /** The calls since the last `take`. */
    take: () => calls.splice(0),
    restore: () => void (globalThis.fetch = original),
  };
}

/** Calls as "Operation status", for comparing a sequence at a glance. */
export const summary = (calls: readonly WireCall[]) => calls.map((c) => `${c.operation} ${c.status}`);

/**
 * Creates a pool (with `mfa` set through SetUserPoolMfaConfig when given, and any other `pool`
 * settings) and a public client that allows SRP and refresh, then points Amplify's global
 * configuration at them.
 */
export async function amplifyPool(
  url: string,
  mfa?: "ON" | "OPTIONAL",
  pool: Partial<CreateUserPoolCommandInput> = {},
) {
  const admin = sdk(url);
  const { UserPool } = await admin.send(
    new CreateUserPoolCommand({ PoolName: "amplify", AutoVerifiedAttributes: ["email"], ...pool }),
  );
  const poolId = UserPool!.Id!;
  if (mfa !== undefined) {
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: mfa,
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
  }
  const { UserPoolClient } = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "web",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      EnableTokenRevocation: true,
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  // Amplify warns at every sign-in that `userPoolEndpoint` is not AWS's ("You are using a custom
  // Amazon Cognito User Pool endpoint"): pointing it at cognate is what this suite does. Its
  // documented switch keeps errors only.
  ConsoleLogger.LOG_LEVEL = "ERROR";
  Amplify.configure({
    Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: url } },
  });
  return { poolId, clientId, admin };
}
