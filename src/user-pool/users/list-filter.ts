/**
 * ListUsers' `Filter`: `AttributeName Filter-Type "AttributeValue"`, with `=` (exact) or `^=`
 * (starts with), quotes inside the value escaped with a backslash. One attribute at a time, and
 * only the searchable standard ones; an empty filter lists everyone.
 */

/** The attributes ListUsers can search, and whether their match is case-sensitive. */
export const SEARCHABLE: Readonly<Record<string, { caseSensitive: boolean }>> = {
  username: { caseSensitive: true },
  email: { caseSensitive: false },
  phone_number: { caseSensitive: false },
  name: { caseSensitive: false },
  given_name: { caseSensitive: false },
  family_name: { caseSensitive: false },
  preferred_username: { caseSensitive: false },
  "cognito:user_status": { caseSensitive: false },
  status: { caseSensitive: true },
  sub: { caseSensitive: false },
};

export interface UserFilter {
  attribute: string;
  prefix: boolean;
  value: string;
  caseSensitive: boolean;
}

const GRAMMAR = /^\s*([A-Za-z_:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/s;

/**
 * Parses a ListUsers filter; `undefined` for an empty one. A malformed filter, or one on an
 * attribute that cannot be searched, throws `InvalidFilterError` with the message cognate
 * answers in an `InvalidParameterException`.
 *
 * @example
 * ```ts
 * parseUserFilter('email ^= "alice"'); // { attribute: "email", prefix: true, value: "alice", caseSensitive: false }
 * parseUserFilter('family_name = "O\\"Brien"'); // value: 'O"Brien'
 * ```
 */
export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter.trim() === "") return undefined;
  const match = GRAMMAR.exec(filter);
  if (match === null) throw new InvalidFilterError("Error while parsing filter.");
  const attribute = match[1]!;
  const searchable = SEARCHABLE[attribute];
  if (searchable === undefined) throw new InvalidFilterError(`Invalid search attribute: ${attribute}`);
  return {
    attribute,
    prefix: match[2] === "^=",
    value: match[3]!.replace(/\\(.)/gs, "$1"),
    caseSensitive: searchable.caseSensitive,
  };
}

/** A filter cognate cannot run: answered as `InvalidParameterException`. */
export class InvalidFilterError extends Error {
  override readonly name = "InvalidFilterError";
}
