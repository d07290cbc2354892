/**
 * The refusals of the SAML endpoints: the type a failed check throws (its message is the reason
 * shown to the app as `Invalid SAML response received: <reason>`, with no secret and no assertion
 * text in it) and Cognito's words for a response it cannot place. Free of the XML signature and
 * encryption libraries, so the endpoints can name them without loading those.
 */

/** A response refused: `message` is the reason shown to the app. */
export class SamlError extends Error {
  override readonly name = "SamlError";
}

/** Throws the refusal. */
export const fail = (reason: string): never => {
  throw new SamlError(reason);
};

/** Cognito's words for a response it cannot place (no or a bad RelayState, an unsolicited one) [obs]. */
export const INVALID_RESPONSE_OR_RELAY_STATE = "Invalid samlResponse or relayState from identity provider";

/** What the app is told when SAML handling failed in a way no check foresaw (never a 500) [?] words. */
export const UNEXPECTED_SAML_FAILURE = "The SAML response could not be processed.";

/**
 * Logs an error no check foresaw in SAML handling, for the operator: its type and where it was
 * thrown, never its message (a library's words may quote the document) nor the document.
 */
export function logUnexpectedSamlError(where: string, error: unknown): void {
  const frames = error instanceof Error ? (error.stack ?? "").split("\n").slice(1, 8).join("\n") : "";
  console.error(
    `cognate: ${where}: unexpected ${error instanceof Error ? error.name : typeof error}\n${frames}`,
  );
}
