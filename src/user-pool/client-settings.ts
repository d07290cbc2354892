/**
 * App-client settings: the input members CreateUserPoolClient and UpdateUserPoolClient share,
 * their defaults, the token-validity rules, and the client as the model's UserPoolClientType.
 */
import {
  boolean,
  document,
  integer,
  InvalidParameterException,
  list,
  string,
  structure,
  type Infer,
} from "../protocol/json/index.js";
import type { ClientRecord, PoolRecord } from "../storage/index.js";
import { schemaAttributes, type SchemaAttribute } from "./schema-attributes.js";

const unit = () => string({ enum: ["seconds", "minutes", "hours", "days"] });
const urls = () =>
  list(string({ min: 1, max: 1024, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+" }), { min: 0, max: 100 });

/** The settings members of both operations (UpdateUserPoolClient resets those left out). */
export const CLIENT_SETTINGS = {
  RefreshTokenValidity: integer({ min: 0, max: 315360000 }),
  AccessTokenValidity: integer({ min: 1, max: 86400 }),
  IdTokenValidity: integer({ min: 1, max: 86400 }),
  TokenValidityUnits: structure({ AccessToken: unit(), IdToken: unit(), RefreshToken: unit() }),
  ReadAttributes: list(string({ min: 1, max: 2048 })),
  WriteAttributes: list(string({ min: 1, max: 2048 })),
  ExplicitAuthFlows: list(
    string({
      enum: [
        "ADMIN_NO_SRP_AUTH",
        "CUSTOM_AUTH_FLOW_ONLY",
        "USER_PASSWORD_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_CUSTOM_AUTH",
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_AUTH",
      ],
    }),
  ),
  SupportedIdentityProviders: list(string({ min: 1, max: 32 })),
  CallbackURLs: urls(),
  LogoutURLs: urls(),
  DefaultRedirectURI: string({ min: 1, max: 1024 }),
  AllowedOAuthFlows: list(string({ enum: ["code", "implicit", "client_credentials"] }), { min: 0, max: 3 }),
  AllowedOAuthScopes: list(string({ min: 1, max: 256, pattern: "[\\x21\\x23-\\x5B\\x5D-\\x7E]+" }), {
    max: 50,
  }),
  AllowedOAuthFlowsUserPoolClient: boolean(),
  AnalyticsConfiguration: document(),
  PreventUserExistenceErrors: string({ enum: ["LEGACY", "ENABLED"] }),
  EnableTokenRevocation: boolean(),
  EnablePropagateAdditionalUserContextData: boolean(),
  AuthSessionValidity: integer({ min: 3, max: 15 }),
  RefreshTokenRotation: structure({
    Feature: string({ required: true, enum: ["ENABLED", "DISABLED"] }),
    RetryGracePeriodSeconds: integer({ min: 0, max: 60 }),
  }),
} as const;

/** `ClientId` as the operations take it. */
export const clientId = () =>
  string({ required: true, min: 1, max: 128, pattern: "[\\w+]+", sensitive: true });
/** The ClientName pattern. */
export const CLIENT_NAME = "[\\w\\s+=,.@-]+";

const SettingsShape = structure(CLIENT_SETTINGS);
type Settings = Infer<typeof SettingsShape>;
const SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86400 } as const;

/**
 * The settings to store: the input's, with Cognito's defaults for what it leaves out, checked
 * against the pool (token validity ranges, attribute names).
 *
 * @throws {InvalidParameterException} in Cognito's words ([?] where the reference has none).
 * @example
 * ```ts
 * clientSettings(pool, { ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"] }, "creating");
 * // { AccessTokenValidity: 60, TokenValidityUnits: { AccessToken: "minutes", ... }, EnableTokenRevocation: true, ... }
 * ```
 */
export function clientSettings(
  pool: PoolRecord,
  input: Settings,
  doing: "creating" | "updating",
): Record<string, unknown> {
  const given = input.TokenValidityUnits ?? {};
  // A validity given without its unit counts in Cognito's default units (hours, hours, days);
  // one not given is the default, 60 minutes, 60 minutes, 30 days.
  const TokenValidityUnits = {
    AccessToken: given.AccessToken ?? (input.AccessTokenValidity === undefined ? "minutes" : "hours"),
    IdToken: given.IdToken ?? (input.IdTokenValidity === undefined ? "minutes" : "hours"),
    RefreshToken: given.RefreshToken ?? "days",
  };
  const settings = {
    ...input,
    AccessTokenValidity: input.AccessTokenValidity ?? 60,
    IdTokenValidity: input.IdTokenValidity ?? 60,
    RefreshTokenValidity: input.RefreshTokenValidity ?? 30,
    TokenValidityUnits,
    AllowedOAuthFlowsUserPoolClient: input.AllowedOAuthFlowsUserPoolClient ?? false,
    PreventUserExistenceErrors: input.PreventUserExistenceErrors ?? "LEGACY",
    EnableTokenRevocation: input.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData: input.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: input.AuthSessionValidity ?? 3,
  };
  checkValidity(
    "Access token",
    settings.AccessTokenValidity * SECONDS[TokenValidityUnits.AccessToken],
    300,
    86400,
    "between 5 minutes and 1 day",
  );
  checkValidity(
    "ID token",
    settings.IdTokenValidity * SECONDS[TokenValidityUnits.IdToken],
    300,
    86400,
    "between 5 minutes and 1 day",
  );
  checkValidity(
    "Refresh token",
    settings.RefreshTokenValidity * SECONDS[TokenValidityUnits.RefreshToken],
    3600,
    315360000,
    "between 60 minutes and 10 years",
  );
  const names = new Set(
    schemaAttributes(pool.config.Schema as SchemaAttribute[] | undefined).map((a) => a.Name),
  );
  for (const [member, word] of [
    ["ReadAttributes", "read"],
    ["WriteAttributes", "write"],
  ] as const) {
    if (
      input[member]?.some(
        (name) =>
          !names.has(name) || (word === "write" && /^(sub|email_verified|phone_number_verified)$/.test(name)),
      )
    ) {
      throw new InvalidParameterException(`Invalid ${word} attributes specified while ${doing} a client`);
    }
  }
  return settings;
}

function checkValidity(what: string, seconds: number, min: number, max: number, range: string): void {
  if (seconds < min || seconds > max)
    throw new InvalidParameterException(`${what} validity must be ${range}.`); // [?] words
}

/**
 * The model's UserPoolClientType of a stored client (the secret included, as Cognito's).
 */
export function userPoolClientType(client: ClientRecord): Record<string, unknown> {
  return {
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.id,
    ClientSecret: client.originalSecret ?? undefined,
    CreationDate: new Date(client.createdAt),
    LastModifiedDate: new Date(client.updatedAt),
    ...client.config,
  };
}
