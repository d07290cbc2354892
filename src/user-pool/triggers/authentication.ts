/**
 * The PreAuthentication and PostAuthentication triggers' events (AWS docs "Pre authentication
 * Lambda trigger", "Post authentication Lambda trigger"), built from what a sign-in knows.
 */
import type { ClientRecord, PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { hidesUsers } from "../prevent-user-existence.js";
import { triggerEvent, userAttributesOf } from "./event.js";
import type { TriggerEvent } from "./invoker.js";

/** What the authentication triggers are told of the sign-in. */
export interface AuthenticationCall {
  pool: PoolRecord;
  client: ClientRecord;
  headers?: Headers | undefined;
  /** The call's ClientMetadata, when the operation forwards it to this trigger. */
  clientMetadata?: Record<string, string> | undefined;
}

/**
 * PreAuthentication_Authentication. `validationData` is the InitiateAuth / AdminInitiateAuth
 * `ClientMetadata`: "This payload contains a validationData attribute, which provides the data
 * that you assigned to the ClientMetadata parameter in your InitiateAuth request" [doc: InitiateAuth
 * API reference]. `userNotFound` is there only for a client with PreventUserExistenceErrors
 * ENABLED: "This boolean is populated when PreventUserExistenceErrors is set to ENABLED" [doc];
 * then an unknown user's event names the name typed, with no attributes.
 */
export function preAuthenticationEvent(
  ctx: UserPoolContext,
  call: AuthenticationCall,
  user: UserRecord | null,
  typedName: string,
): TriggerEvent {
  const request = {
    userAttributes: user === null ? {} : userAttributesOf(call.pool, user),
    validationData: call.clientMetadata ?? {},
    ...(hidesUsers(call.client) ? { userNotFound: user === null } : {}),
  };
  return triggerEvent(
    ctx,
    call.pool,
    "PreAuthentication_Authentication",
    user?.username ?? typedName,
    { clientId: call.client.id, headers: call.headers },
    request,
  );
}

/**
 * PostAuthentication_Authentication: the user's attributes, `newDeviceUsed` ("Amazon Cognito
 * only sets this flag if the remembered devices value of the user pool is Always or User
 * Opt-In" [doc]: cognate sets it true when the sign-in will hand out a new device, false
 * otherwise), and `clientMetadata` where the call forwards it (RespondToAuthChallenge,
 * AdminRespondToAuthChallenge; not InitiateAuth, which "doesn't pass ClientMetadata" to it [doc]).
 */
export function postAuthenticationEvent(
  ctx: UserPoolContext,
  call: AuthenticationCall,
  user: UserRecord,
  newDeviceUsed: boolean,
): TriggerEvent {
  const request = {
    userAttributes: userAttributesOf(call.pool, user),
    newDeviceUsed,
    ...(call.clientMetadata === undefined ? {} : { clientMetadata: call.clientMetadata }),
  };
  return triggerEvent(
    ctx,
    call.pool,
    "PostAuthentication_Authentication",
    user.username,
    { clientId: call.client.id, headers: call.headers },
    request,
  );
}
