/**
 * The condition keys of a request made with temporary credentials: who the session speaks for
 * (the web identity, its tags, the role) and the request's own facts.
 */
import type { ContextValue } from "../policy/types.js";
import { type RequestFacts, isoSeconds, requestFactsContext } from "./request-facts.js";
import { COGNATE_ACCOUNT_ID, parseRoleArn, roleId } from "./role-arn.js";
import type { SessionClaims } from "./session.js";
import { COGNITO_IDENTITY, sessionProvider, webIdentityKeys } from "./web-identity.js";

// Providers IAM names by themselves in a Federated principal; any other OIDC provider by its ARN.
const NAMED_PROVIDERS = new Set([
  COGNITO_IDENTITY,
  "accounts.google.com",
  "graph.facebook.com",
  "www.amazon.com",
]);

/**
 * The policy context of a request signed with a session's credentials:
 * - the web identity: `cognito-identity.amazonaws.com:sub`, `:aud` and the multivalued `:amr` for
 *   a Cognito Identity session; `<provider>:sub` and `:aud` for another web identity provider
 *   (`<provider>` its issuer without the scheme, see `sessionProvider`);
 * - `aws:PrincipalTag/<key>` for each session tag;
 * - `aws:userid` (`{roleId}:{roleSessionName}`; `aws:username` is absent for roles),
 *   `aws:PrincipalArn` (the role's ARN, not the session's), `aws:PrincipalAccount`,
 *   `aws:PrincipalType` (`AssumedRole`), `aws:TokenIssueTime`, `aws:FederatedProvider`
 *   (the provider's name for Cognito Identity and the providers IAM names so, otherwise the
 *   `oidc-provider` ARN in the role's account [?]);
 * - the request's facts: `aws:CurrentTime`, `aws:EpochTime`, `aws:SecureTransport`, `aws:SourceIp`.
 *
 * Single-valued keys serve as policy variables: a Resource of
 * `.../files/${cognito-identity.amazonaws.com:sub}/*` confines each identity to its own files.
 *
 * @example
 * ```ts
 * const context = await sessionContext(claims, { now: Date.now(), sourceIp, secure: true });
 * sessionDecision(role, claims, { action: "execute-api:Invoke", resource, context });
 * ```
 */
export async function sessionContext(
  claims: SessionClaims,
  facts: RequestFacts,
): Promise<Record<string, ContextValue>> {
  const provider = sessionProvider(claims);
  const role = parseRoleArn(claims.roleArn);
  const account = role?.account ?? COGNATE_ACCOUNT_ID;
  const cognito = provider === COGNITO_IDENTITY;
  const context: Record<string, ContextValue> = {
    ...requestFactsContext(facts),
    ...webIdentityKeys(provider, {
      audience: claims.audience,
      subject: claims.subject,
      amr: cognito ? claims.amr : undefined,
    }),
  };
  for (const [key, value] of Object.entries(claims.principalTags)) context[`aws:PrincipalTag/${key}`] = value;
  if (role !== undefined) context["aws:userid"] = `${await roleId(role.name)}:${claims.roleSessionName}`;
  context["aws:PrincipalArn"] = claims.roleArn;
  context["aws:PrincipalAccount"] = account;
  context["aws:PrincipalType"] = "AssumedRole";
  context["aws:TokenIssueTime"] = isoSeconds(claims.issuedAt);
  context["aws:FederatedProvider"] = NAMED_PROVIDERS.has(provider)
    ? provider
    : `arn:aws:iam::${account}:oidc-provider/${provider}`;
  return context;
}
