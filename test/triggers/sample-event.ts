import { fileURLToPath } from "node:url";
import type { TriggerEvent } from "../../src/user-pool/triggers/index.js";

/** The absolute path of a handler module in test/trigger./mode-handlers/. */
export const handlerModule = (file: string): string =>
  fileURLToPath(new URL(`./mode-handlers/${file}`, import.meta.url));

export const ARN = "arn:aws:lambda:us-east-1:000000000000:function:pre-sign-up";

/** A PreSignUp_SignUp event, as Cognito sends it. */
export function sampleEvent(): TriggerEvent {
  return {
    version: "1",
    triggerSource: "PreSignUp_SignUp",
    region: "us-east-1",
    userPoolId: "us-east-1_AbCdEfGhI",
    userName: "alice",
    callerContext: { awsSdkVersion: "aws-sdk-js-3.0.0", clientId: "client" },
    request: { userAttributes: { email: "alice@example.com" }, validationData: {} },
    response: { autoConfirmUser: false, autoVerifyEmail: false, autoVerifyPhone: false },
  };
}

/** Invoke options with a deadline `ms` from now. */
export function within(ms: number): { signal: AbortSignal; deadline: number } {
  return { signal: AbortSignal.timeout(ms), deadline: Date.now() + ms };
}
