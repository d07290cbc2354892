/**
 * CreateIdentityPool's and UpdateIdentityPool's input as an identity pool's settings, checked
 * beyond the model's shapes: the user-pool providers' names, the developer provider's name for life.
 */
import { InvalidParameterException } from "../protocol/json/index.js";
import type { IdentityPoolRecord } from "../storage/index.js";
import { MESSAGES, NAMED } from "./messages.js";

/** The input members both operations take. */
export interface PoolInput {
  IdentityPoolName: string;
  AllowUnauthenticatedIdentities: boolean;
  AllowClassicFlow?: boolean;
  SupportedLoginProviders?: Record<string, string>;
  DeveloperProviderName?: string;
  OpenIdConnectProviderARNs?: string[];
  CognitoIdentityProviders?: { ProviderName?: string; ClientId?: string; ServerSideTokenCheck?: boolean }[];
  SamlProviderARNs?: string[];
}

/** The settings part of a record. */
export type PoolSettings = Pick<
  IdentityPoolRecord,
  | "name"
  | "allowUnauthenticated"
  | "allowClassicFlow"
  | "developerProviderName"
  | "supportedLoginProviders"
  | "openIdConnectProviderArns"
  | "cognitoIdentityProviders"
  | "samlProviderArns"
>;

// `cognito-idp.{region}.amazonaws.com/{userPoolId}`, or a cognate pool's issuer without its
// scheme (`127.0.0.1:9229/us-east-1_AbC`, `auth.example.com/base/us-east-1_AbC`).
const AWS_PROVIDER = /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com\/[\w-]+_[0-9a-zA-Z]+$/;
const COGNATE_PROVIDER = /^[a-zA-Z0-9.-]+(:\d{1,5})?(\/[\w.-]+)*\/[\w-]+_[0-9a-zA-Z]+$/;

/**
 * The settings the input describes; `current` is the pool being updated (its developer provider
 * name cannot change).
 *
 * @throws {InvalidParameterException} naming the provider or setting at fault.
 */
export function poolSettings(input: PoolInput, current?: IdentityPoolRecord): PoolSettings {
  const developer = input.DeveloperProviderName ?? current?.developerProviderName ?? null;
  if (current?.developerProviderName != null && developer !== current.developerProviderName)
    throw new InvalidParameterException(MESSAGES.developerProviderFixed);
  const seen = new Set<string>();
  const providers = (input.CognitoIdentityProviders ?? []).map((p) => {
    const name = p.ProviderName ?? "";
    if (!AWS_PROVIDER.test(name) && !COGNATE_PROVIDER.test(name))
      throw new InvalidParameterException(NAMED.invalidProviderName(name));
    if (p.ClientId === undefined) throw new InvalidParameterException(NAMED.invalidProviderName(name));
    const key = `${name} ${p.ClientId}`;
    if (seen.has(key)) throw new InvalidParameterException(NAMED.duplicatePoolProvider(name));
    seen.add(key);
    return {
      ProviderName: name,
      ClientId: p.ClientId,
      ServerSideTokenCheck: p.ServerSideTokenCheck ?? false,
    };
  });
  return {
    name: input.IdentityPoolName,
    allowUnauthenticated: input.AllowUnauthenticatedIdentities,
    allowClassicFlow: input.AllowClassicFlow ?? false,
    developerProviderName: developer,
    supportedLoginProviders: input.SupportedLoginProviders ?? {},
    openIdConnectProviderArns: input.OpenIdConnectProviderARNs ?? [],
    cognitoIdentityProviders: providers,
    samlProviderArns: input.SamlProviderARNs ?? [],
  };
}
