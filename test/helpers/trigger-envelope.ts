/**
 * The assertion of a trigger event's envelope, every field exactly: Cognito's members in its order
 * (AWS, "Parameters shared by all user pool Lambda trigger events": version, triggerSource,
 * region, userPoolId, userName, callerContext {awsSdkVersion, clientId}, request, response).
 * The request and response, which differ by trigger, are the test's to assert.
 */
import { expect } from "vitest";

/** What a Node SDK v3 call gives as `callerContext.awsSdkVersion`. */
export const SDK_VERSION = /^aws-sdk-js-3\.\d+\.\d+$/;

export interface Envelope {
  triggerSource: string;
  userPoolId: string;
  userName: string;
  /** The client's id, or Cognito's `CLIENT_ID_NOT_APPLICABLE`. */
  clientId: string;
  /** The exact SDK string, or a pattern it matches. Default: `SDK_VERSION`. */
  awsSdkVersion?: string | RegExp;
  /** Default "1"; "2" or "3" for PreTokenGeneration's V2 and V3. */
  version?: string;
  /** Default us-east-1. */
  region?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: a trigger event is untyped JSON.
export function expectEnvelope(event: any, envelope: Envelope): void {
  const sdk = envelope.awsSdkVersion ?? SDK_VERSION;
  expect(Object.keys(event)).toEqual([
    "version",
    "triggerSource",
    "region",
    "userPoolId",
    "userName",
    "callerContext",
    "request",
    "response",
  ]);
  expect({ ...event, request: undefined, response: undefined }).toEqual({
    version: envelope.version ?? "1",
    triggerSource: envelope.triggerSource,
    region: envelope.region ?? "us-east-1",
    userPoolId: envelope.userPoolId,
    userName: envelope.userName,
    callerContext: {
      awsSdkVersion: typeof sdk === "string" ? sdk : expect.stringMatching(sdk),
      clientId: envelope.clientId,
    },
    request: undefined,
    response: undefined,
  });
}
