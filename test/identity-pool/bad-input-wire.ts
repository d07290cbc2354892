// What the identity service's bad-input suites share: the service as its clients call it, and the
// check that no error message repeats a token sent in Logins.
import {
  COGNITO_IDENTITY_SIGNING_NAME,
  COGNITO_IDENTITY_TARGET_PREFIX,
  COGNITO_IDENTITY_UNSIGNED_OPERATIONS,
} from "../../src/identity-pool/service.js";
import type { ExtraCheck } from "../helpers/bad-input/sweep.js";
import type { JsonServiceWire } from "../helpers/bad-input/wire.js";

/** The identity service as its clients call it: GetId and three more unsigned, the rest signed. */
export const IDENTITY_WIRE: JsonServiceWire = {
  targetPrefix: COGNITO_IDENTITY_TARGET_PREFIX,
  signingName: COGNITO_IDENTITY_SIGNING_NAME,
  unsigned: COGNITO_IDENTITY_UNSIGNED_OPERATIONS,
};

/** The strings of a body that are secrets (Logins tokens, a Token): none may be repeated back. */
function secretsOf(body: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return [];
  }
  if (typeof value !== "object" || value === null) return [];
  const { Logins, Token } = value as { Logins?: unknown; Token?: unknown };
  const tokens = typeof Logins === "object" && Logins !== null ? Object.values(Logins) : [];
  return [...tokens, Token].filter((v): v is string => typeof v === "string" && v.length >= 8);
}

/** No error message repeats a token sent (a long one is looked for by its first 64 characters). */
export const echoesNoToken: ExtraCheck = (sent, answer) => {
  if (answer.status === 200) return undefined;
  const message = String(answer.body.message ?? answer.body.Message ?? "");
  const echoed = secretsOf(sent.body).find((secret) => message.includes(secret.slice(0, 64)));
  return echoed === undefined ? undefined : `the message repeats a token: ${message.slice(0, 200)}`;
};
