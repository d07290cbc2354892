import { deepFreeze, type Principal } from "../principal.js";
import type { IamCaller } from "./caller.js";

/**
 * The `c.var.principal` of a SigV4 request: `sub` is the identity (else the web identity's
 * subject), `issuer` the web identity's issuer, `clientId` its audience (an identity pool id);
 * no username, groups, scopes or claims (a session is not a token); the session in `iam`.
 */
export function iamPrincipal(caller: IamCaller): Principal {
  return deepFreeze({
    sub: caller.identityId ?? caller.subject,
    username: undefined,
    groups: [],
    scopes: [],
    tokenUse: undefined,
    issuer: caller.provider,
    clientId: caller.audience,
    claims: {},
    iam: caller,
  });
}
