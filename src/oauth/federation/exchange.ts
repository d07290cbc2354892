/**
 * The code exchange at the IdP's token endpoint (federation.md §2): `client_secret_post` only, as
 * Cognito (whatever the provider's discovery says), with the PKCE verifier where one was sent;
 * Facebook's exchange is a GET with the parameters in the query; Apple's client secret is an
 * ES256 JWT minted for the call. A non-200 answer is `[IdP name] Error - [status] error getting
 * token` (Google: `Google Error - [status] [Google error code]`).
 */
import type { IdentityProviderRecord } from "../../storage/index.js";
import { AppleKeyError, appleClientSecret } from "./apple-secret.js";
import { callFailure, failure, type IdpFailure } from "./failure.js";
import { type IdpAnswer, idpCall } from "./idp-call.js";
import type { FederationOptions } from "./options.js";

/** The token response's fields cognate reads. */
export interface IdpTokens {
  accessToken: string;
  idToken?: string;
}

/** What the exchange needs. */
export interface ExchangeInput {
  options: FederationOptions | undefined;
  provider: IdentityProviderRecord;
  tokenUrl: URL;
  code: string;
  redirectUri: string;
  verifier?: string;
  now: number;
}

/**
 * Exchanges the code for the IdP's tokens.
 *
 * @returns the tokens, or why not in the words for the app
 */
export async function exchangeCode(input: ExchangeInput): Promise<IdpTokens | IdpFailure> {
  const { provider } = input;
  const details = provider.details;
  let secret = details.client_secret ?? "";
  if (provider.type === "SignInWithApple") {
    try {
      secret = await appleClientSecret(details, input.now);
    } catch (error) {
      if (!(error instanceof AppleKeyError)) throw error;
      return { error: "server_error", description: `${provider.name} Error - ${error.message}` }; // [?] words
    }
  }
  const params = new URLSearchParams({
    grant_type: "authorization_code",
    code: input.code,
    redirect_uri: input.redirectUri,
    client_id: details.client_id ?? "",
    client_secret: secret,
  });
  if (input.verifier !== undefined) params.set("code_verifier", input.verifier);

  let answer: IdpAnswer;
  try {
    if ((details.token_request_method ?? "POST").toUpperCase() === "GET") {
      // Facebook: the parameters in the query (its documented exchange), grant_type left out.
      const url = new URL(input.tokenUrl);
      params.delete("grant_type");
      for (const [name, value] of params) url.searchParams.set(name, value);
      answer = await idpCall(input.options, url);
    } else {
      answer = await idpCall(input.options, input.tokenUrl, { method: "POST", body: params });
    }
  } catch (error) {
    return callFailure(provider.name, "token", error);
  }
  const body = (typeof answer.json === "object" && answer.json !== null ? answer.json : {}) as Record<
    string,
    unknown
  >;
  if (answer.status !== 200) {
    if (provider.type === "Google")
      return failure(
        `Google Error - ${answer.status} ${typeof body.error === "string" ? body.error.slice(0, 64) : ""}`.trim(),
      );
    return failure(`${provider.name} Error - ${answer.status} error getting token`);
  }
  if (typeof body.access_token !== "string" || body.access_token === "")
    return failure(`${provider.name} Error - 200 error getting token: no access_token`); // [?] words
  return {
    accessToken: body.access_token,
    ...(typeof body.id_token === "string" ? { idToken: body.id_token } : {}),
  };
}
