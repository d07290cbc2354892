/**
 * The AWS JSON 1.1 service layer: dispatch on `X-Amz-Target`, SigV4 for signed operations,
 * protocol-exact errors, input shapes with AWS's validation messages, CORS.
 */
export {
  COGNITO_IDP_SIGNING_NAME,
  COGNITO_IDP_TARGET_PREFIX,
  COGNITO_IDP_UNSIGNED_OPERATIONS,
} from "./cognito.js";
export { CORS_ALLOW_HEADERS, CORS_EXPOSE_HEADERS, type CorsOptions } from "./cors.js";
export { declaresAwsJson, namesTarget, requestTarget } from "./envelope.js";
export * from "./errors.js";
export {
  defineOperation,
  type Operation,
  type OperationCall,
  type OperationDefinition,
  type OperationHandler,
  type OperationOutput,
  type RequestContext,
} from "./operation.js";
export { jsonService, type JsonServiceOptions } from "./service.js";
export * from "./shapes.js";
export { validateInput } from "./validate.js";
