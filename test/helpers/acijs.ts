import type { ICognitoStorage } from "amazon-cognito-identity-js";

/** An in-memory Storage for amazon-cognito-identity-js (Node has no localStorage). */
export function memoryStorage(): ICognitoStorage {
  const items = new Map<string, string>();
  return {
    setItem: (key, value) => void items.set(key, value),
    getItem: (key) => items.get(key) ?? null,
    removeItem: (key) => void items.delete(key),
    clear: () => items.clear(),
  };
}
