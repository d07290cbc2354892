/**
 * Where each trigger function runs: the resolved `triggers` section of cognate's configuration
 * (config.ts validates it; resolve.ts picks a target by ARN or name and hands off to its mode).
 */

/** An AWS Lambda-compatible endpoint and the credentials to SigV4-sign calls to it. */
export interface LambdaEndpoint {
  /** Default: `https://lambda.{region}.amazonaws.com`. */
  endpoint?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A function run through the Lambda Invoke API; `functionName` defaults to the ARN invoked. */
export interface LambdaTarget extends LambdaEndpoint {
  functionName?: string;
}

/** How one function is run. */
export type TriggerTarget =
  /** A module exporting a Lambda handler, run in a worker thread (Node only). */
  | { module: string; handler: string }
  /** An HTTP endpoint (`serveTrigger`), the event POSTed signed with `secret`. */
  | { url: string; secret: string }
  /** The Lambda Invoke API. */
  | { lambda: LambdaTarget }
  /** A Workers service binding speaking the HTTP mode's protocol (Workers only). */
  | { binding: string; secret?: string };

/** The key the custom senders encrypt codes under (handed to them as is). */
export interface SenderKey {
  keyNamespace: string;
  keyName: string;
  /** 32 bytes. */
  key: Uint8Array;
}

/** The resolved `triggers` configuration. */
export interface TriggerSettings {
  /** Per invocation; Cognito's 5000. */
  timeoutMs: number;
  /** Worker threads of the module mode. */
  moduleThreads: number;
  /** By function ARN or bare function name. */
  functions: Record<string, TriggerTarget>;
  /** The endpoint of ARNs not listed in `functions`. */
  lambda: LambdaEndpoint | undefined;
  senderKey: SenderKey | undefined;
}
