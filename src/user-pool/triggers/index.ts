/** Cognito's Lambda triggers: the invoker port, the event envelope, and running a pool's trigger. */
export { callHandler, type LambdaCallback, type LambdaContext, type LambdaHandler } from "./handler-call.js";
export { NO_CLIENT_ID, sdkVersionOf, triggerEvent, type TriggerCall, userAttributesOf } from "./event.js";
export { functionInvoker } from "./function.js";
export { serveTrigger, type ServeTriggerOptions } from "./http-endpoint.js";
export { httpInvoker, type HttpTargetOptions, httpTargetProblem } from "./http.js";
export { arnRegion, lambdaInvoker } from "./lambda-invoke.js";
export { triggerInvoker, type TriggerModes } from "./resolve.js";
export type { LambdaEndpoint, LambdaTarget, SenderKey, TriggerSettings, TriggerTarget } from "./targets.js";
export {
  FunctionError,
  functionName,
  InvocationError,
  type InvokeOptions,
  NO_TRIGGERS,
  timedOut,
  TRIGGER_TIMEOUT_MS,
  type TriggerEvent,
  type TriggerInvoker,
  unknownFunction,
} from "./invoker.js";
export {
  hasTrigger,
  preTokenGenerationVersion,
  responseField,
  runTrigger,
  sendThroughTrigger,
  triggerArn,
  type TriggerName,
} from "./run.js";
export {
  type AuthenticationCall,
  postAuthenticationEvent,
  preAuthenticationEvent,
} from "./authentication.js";
export {
  type GroupConfiguration,
  groupConfiguration,
  readTokenOverrides,
  runPreTokenGeneration,
  type TokenGenerationInput,
  type TokenGenerationSource,
  tokenGenerationEvent,
} from "./token-generation.js";
