/**
 * The input shapes Cognito Identity's operations share, after the service model
 * (cognito-identity 2014-06-30).
 */
import { boolean, list, map, string, structure } from "../protocol/json/index.js";
import { ID_PATTERN } from "./ids.js";

/** `IdentityPoolId`: `REGION:GUID`. */
export const identityPoolId = <const R extends boolean = true>(required: R = true as R) =>
  string({ required, min: 1, max: 55, pattern: ID_PATTERN });

/** `IdentityId`: `REGION:GUID`. */
export const identityId = <const R extends boolean = true>(required: R = true as R) =>
  string({ required, min: 1, max: 55, pattern: ID_PATTERN });

/** ARNString. */
export const arnString = <const R extends boolean = false>(required: R = false as R) =>
  string({ required, min: 20, max: 2048 });

/** IdentityProviderName: a Logins key, a SupportedLoginProviders key, a role mapping's key. */
export const providerName = <const R extends boolean = false>(required: R = false as R) =>
  string({ required, min: 1, max: 128 });

/** DeveloperProviderName. */
export const developerProviderName = <const R extends boolean = false>(required: R = false as R) =>
  string({ required, min: 1, max: 128, pattern: "[\\w._-]+" });

/** DeveloperUserIdentifier. */
export const developerUserIdentifier = <const R extends boolean = true>(required: R = true as R) =>
  string({ required, min: 1, max: 1024 });

/** PaginationKey. */
export const paginationKey = () => string({ min: 1, max: 65535, pattern: "[\\S]+" });

/** LoginsMap: provider name to token, at most 10. */
export const logins = () =>
  map(providerName(true), string({ required: true, min: 1, max: 50000, sensitive: true }), {
    max: 10,
    sensitive: true,
  });

/** IdentityPoolTagsType. */
export const tags = <const R extends boolean = false>(required: R = false as R) =>
  map(string({ required: true, min: 1, max: 128 }), string({ required: true, min: 0, max: 256 }), {
    required,
  });

/** The members CreateIdentityPool and UpdateIdentityPool share (the IdentityPool structure's). */
export const poolMembers = {
  IdentityPoolName: string({ required: true, min: 1, max: 128, pattern: "[\\w\\s+=,.@-]+" }),
  AllowUnauthenticatedIdentities: boolean({ required: true }),
  AllowClassicFlow: boolean(),
  SupportedLoginProviders: map(
    providerName(true),
    string({ required: true, min: 1, max: 128, pattern: "[\\w.;_/-]+" }),
    { max: 10 },
  ),
  DeveloperProviderName: developerProviderName(),
  OpenIdConnectProviderARNs: list(arnString(true)),
  CognitoIdentityProviders: list(
    structure({
      ProviderName: string({ min: 1, max: 128, pattern: "[\\w._:/-]+" }),
      ClientId: string({ min: 1, max: 128, pattern: "[\\w_]+" }),
      ServerSideTokenCheck: boolean(),
    }),
  ),
  SamlProviderARNs: list(arnString(true)),
  IdentityPoolTags: tags(),
} as const;

/** RolesMap: `authenticated` / `unauthenticated` to a role ARN, at most 2. */
export const roles = <const R extends boolean = false>(required: R = false as R) =>
  map(string({ required: true, min: 1, max: 128, pattern: "(un)?authenticated" }), arnString(true), {
    required,
    max: 2,
  });

/** RoleMappingMap: provider name to RoleMapping, at most 10. */
export const roleMappings = () =>
  map(
    providerName(true),
    structure({
      Type: string({ required: true, enum: ["Token", "Rules"] }),
      AmbiguousRoleResolution: string({ enum: ["AuthenticatedRole", "Deny"] }),
      RulesConfiguration: structure({
        Rules: list(
          structure({
            Claim: string({ required: true, min: 1, max: 64, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" }),
            MatchType: string({ required: true, enum: ["Equals", "Contains", "StartsWith", "NotEqual"] }),
            Value: string({ required: true, min: 1, max: 128 }),
            RoleARN: arnString(true),
          }),
          { required: true, min: 1, max: 400 },
        ),
      }),
    }),
    { max: 10 },
  );

/** PrincipalTags: tag key to claim name, at most 50. */
export const principalTags = () =>
  map(string({ required: true, min: 1, max: 128 }), string({ required: true, min: 1, max: 256 }), {
    max: 50,
  });
