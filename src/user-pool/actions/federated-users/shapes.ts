/**
 * What AdminLinkProviderForUser and AdminDisableProviderForUser share: ProviderUserIdentifierType
 * (no member required by the model, federation.md §1.2) and the words of their refusals.
 */
import { InvalidParameterException, string, structure } from "../../../protocol/json/index.js";

/** The native directory's name in these operations [model]. */
export const COGNITO = "Cognito";

/** `ProviderUserIdentifierType`: `{ ProviderName, ProviderAttributeName, ProviderAttributeValue }`. */
export const providerUser = () =>
  structure(
    {
      ProviderName: string({ min: 1, max: 32, pattern: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+" }),
      ProviderAttributeName: string(),
      ProviderAttributeValue: string({ sensitive: true }),
    },
    { required: true },
  );

/** A ProviderUserIdentifierType as given. */
export interface ProviderUser {
  ProviderName?: string;
  ProviderAttributeName?: string;
  ProviderAttributeValue?: string;
}

/**
 * The member a call must give, or InvalidParameterException in the validator's words.
 *
 * @throws {InvalidParameterException}
 */
export function need(user: ProviderUser, side: string, member: keyof ProviderUser): string {
  const value = user[member];
  if (value === undefined || value === "")
    throw new InvalidParameterException(`${side}.${member} is required.`); // [?] words
  return value;
}

/** [obs] aws/aws-sdk #766. */
export const NATIVE_SOURCE =
  "Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser";

/** [obs] aws-sdk-net #1000. */
export const MERGING =
  "Merging is not currently supported, provide a SourceUser that has not been signed up in order to link";
