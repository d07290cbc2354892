/** A stored user as the model's output shapes: AttributeListType and UserType. */
import type { UserRecord } from "../../storage/index.js";

/**
 * The user's attributes as `[{ Name, Value }]`, `sub` first; with `only`, just those names.
 *
 * @example
 * ```ts
 * attributeListOf(user); // [{ Name: "sub", Value: "3f0c..." }, { Name: "email", Value: "a@example.com" }]
 * ```
 */
export function attributeListOf(
  user: UserRecord,
  only?: readonly string[],
): { Name: string; Value: string }[] {
  // The record's own sub, never a stored attribute of that name.
  const all = [
    { Name: "sub", Value: user.sub },
    ...Object.entries(user.attributes)
      .filter(([Name]) => Name !== "sub")
      .map(([Name, Value]) => ({ Name, Value })),
  ];
  return only === undefined ? all : all.filter((a) => only.includes(a.Name));
}

/**
 * The model's UserType (ListUsers, AdminCreateUser); dates go out as epoch seconds.
 */
export function userType(user: UserRecord, only?: readonly string[]): Record<string, unknown> {
  return {
    Username: user.username,
    Attributes: attributeListOf(user, only),
    UserCreateDate: new Date(user.createdAt),
    UserLastModifiedDate: new Date(user.updatedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}
