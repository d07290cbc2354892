/**
 * `POST /saml2/idpresponse`: the assertion consumer service (HTTP-POST binding) where SAML IdPs
 * send the browser back with `SAMLResponse` and `RelayState` (federation.md §3.2, §3.4, §4.2).
 *
 * - SP-initiated: RelayState is the sealed state of the round trip (federation/state.ts: MAC, this
 *   pool, this browser's cookie, five minutes, once), which names the provider and the
 *   AuthnRequest's ID that `InResponseTo` must carry.
 * - IdP-initiated (only for a provider with IDPInit "true"): RelayState is the app's authorization
 *   request, URL-encoded (`identity_provider=...&client_id=...&redirect_uri=...`), validated as
 *   `/oauth2/authorize` validates it; the assertion carries no InResponseTo and was issued at
 *   most six minutes ago.
 *
 * Until the app's request is known, errors are Cognito's error page; after, a SAML response
 * that fails a check (saml/response.ts) or was used before (the replay cache) is
 * `error=server_error&error_description=Invalid SAML response received: <reason>` at the app's
 * redirect URI; so is an error no check foresaw (a library's, say), never a 500. A verified assertion signs in the NameID with the attributes as claims
 * (federation/finish.ts), the session remembering the SAML sign-in for single logout.
 */
import type { Context } from "hono";
import type { IdentityProviderRecord } from "../../storage/index.js";
import { idpMetadataOf } from "../../user-pool/federation/saml-idp.js";
import { SamlMetadataError } from "../../user-pool/federation/saml-metadata.js";
import { providerDecryptionKeyPem } from "../../user-pool/federation/saml-certificates.js";
import { type AuthorizationRequest, authorizationRequest } from "../authorize-request.js";
import { noteSamlSignIn } from "../browser-session.js";
import { errorPage, errorRedirect } from "../errors.js";
import { carriedRequest, finishFederated } from "../federation/finish.js";
import { endFederation, type FederationState } from "../federation/state.js";
import { readForm, repeated } from "../form.js";
import type { Endpoint, Hosted } from "../hosted.js";
import {
  INVALID_RESPONSE_OR_RELAY_STATE,
  logUnexpectedSamlError,
  SamlError,
  UNEXPECTED_SAML_FAILURE,
} from "../saml/errors.js";
import type { SamlAssertion } from "../saml/response.js";
import { spEndpoints, spEntityId } from "../saml/sp.js";
import { requestContext } from "../request-context.js";
import { SignatureThrottle, throttleKey } from "../../protocol/sigv4-throttle.js";

// A 100,000-character SAMLResponse, form-encoded (`+`, `/` and `=` escaped), plus a RelayState.
const MAX_FORM_BYTES = 320 * 1024;
const MAX_RELAY_STATE = 16 * 1024;

/** What a client network gets once its budget of failed SAML responses for a pool is spent. */
export const SAML_THROTTLED = "Too many invalid SAML responses from this network; try again in a minute."; // [?] words

// One budget per mounted hosted UI (a gateway's options object), bounded as SigV4's is.
const throttles = new WeakMap<object, SignatureThrottle>();
const samlThrottle = (options: object): SignatureThrottle => {
  let throttle = throttles.get(options);
  if (throttle === undefined) {
    throttle = new SignatureThrottle();
    throttles.set(options, throttle);
  }
  return throttle;
};

/** The ACS URL of the pool as the browser reached it (the AuthnRequest names the same). */
export const acsUrl = (c: Context, hosted: Hosted) => spEndpoints(c, hosted).acs;

/** The endpoint (POST). */
export const samlResponse: Endpoint = async (c, hosted) => {
  try {
    return await answer(c, hosted);
  } catch (error) {
    // Before the app's request is known (signIn catches its own): the error page.
    logUnexpectedSamlError("/saml2/idpresponse", error);
    return errorPage(c, "invalid_request", INVALID_RESPONSE_OR_RELAY_STATE);
  }
};

async function answer(c: Context, hosted: Hosted): Promise<Response> {
  const form = await readForm(c, MAX_FORM_BYTES);
  if (typeof form === "string")
    return errorPage(
      c,
      "invalid_request",
      form === "too-large"
        ? "Invalid SAML response received: the request is too large"
        : INVALID_RESPONSE_OR_RELAY_STATE,
    );
  if (repeated(form, ["SAMLResponse", "RelayState"]) !== undefined)
    return errorPage(c, "invalid_request", INVALID_RESPONSE_OR_RELAY_STATE);
  const saml = form.get("SAMLResponse") ?? "";
  const relayState = form.get("RelayState") ?? "";
  if (saml === "" || relayState.length > MAX_RELAY_STATE)
    return errorPage(c, "invalid_request", INVALID_RESPONSE_OR_RELAY_STATE);

  // A RelayState naming a client is an IdP-initiated request; anything else must be our state.
  const unsolicited = relayState !== "" && new URLSearchParams(relayState).has("client_id");
  return unsolicited ? idpInitiated(c, hosted, saml, relayState) : spInitiated(c, hosted, saml, relayState);
}

async function spInitiated(c: Context, hosted: Hosted, saml: string, relayState: string): Promise<Response> {
  // [?] A response without RelayState is unsolicited with nothing to say which app it is for.
  if (relayState === "") return errorPage(c, "invalid_request", INVALID_RESPONSE_OR_RELAY_STATE);
  const state = await endFederation(c, hosted, relayState);
  if ("error" in state) return errorPage(c, "invalid_request", state.error);
  const request = await carriedRequest(hosted, state.query, state.provider);
  if (request instanceof Response) return request;
  const provider = request.identityProvider;
  if (provider?.type !== "SAML" || state.samlRequestId === undefined)
    return errorPage(c, "invalid_request", INVALID_RESPONSE_OR_RELAY_STATE);
  return signIn(c, hosted, request, provider, saml, state);
}

async function idpInitiated(c: Context, hosted: Hosted, saml: string, relayState: string): Promise<Response> {
  const request = await authorizationRequest(hosted, new URLSearchParams(relayState));
  if (request instanceof Response) return request;
  const provider = request.identityProvider;
  // [?] Cognito's words for an unsolicited response to a provider without IDPInit [obs]; shown on
  // the error page, so a provider not trusted with IdP-initiated sign-in cannot bounce anyone to the app.
  if (provider?.type !== "SAML" || provider.details.IDPInit !== "true")
    return errorPage(c, "invalid_request", INVALID_RESPONSE_OR_RELAY_STATE);
  return signIn(c, hosted, request, provider, saml, null);
}

async function signIn(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  provider: IdentityProviderRecord,
  saml: string,
  state: FederationState | null,
): Promise<Response> {
  try {
    return await verifiedSignIn(c, hosted, request, provider, saml, state);
  } catch (error) {
    logUnexpectedSamlError("/saml2/idpresponse", error);
    return errorRedirect(
      request,
      "server_error",
      `Invalid SAML response received: ${UNEXPECTED_SAML_FAILURE}`,
    );
  }
}

async function verifiedSignIn(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  provider: IdentityProviderRecord,
  saml: string,
  state: FederationState | null,
): Promise<Response> {
  const invalid = (reason: string) =>
    errorRedirect(request, "server_error", `Invalid SAML response received: ${reason}`);
  const { ctx } = hosted;
  const verifier = hosted.options.saml;
  if (verifier === undefined) return invalid("This server does not verify SAML responses."); // [?] words
  // Anyone may post a response, and verifying one costs milliseconds of CPU: failures are
  // budgeted per pool and client network, as SigV4's are (a good response gives its token back).
  const throttle = samlThrottle(hosted.options);
  const key = throttleKey(`saml:${hosted.pool.id}`, requestContext(c, hosted).sourceIp);
  if (!throttle.take(key)) return invalid(SAML_THROTTLED);
  let failed = true;
  let assertion: SamlAssertion;
  try {
    const metadata = await idpMetadataOf(ctx, provider);
    let decryptionKeys: string[] | undefined;
    if (provider.details.EncryptedResponses === "true") {
      const key = await providerDecryptionKeyPem(ctx, hosted.pool.id, provider.name);
      decryptionKeys = key === null ? [] : [key];
    }
    assertion = await verifier.response(saml, {
      idp: { entityId: metadata.entityId, certificates: metadata.signingCertificates },
      spEntityId: spEntityId(hosted.pool.id),
      acs: acsUrl(c, hosted),
      requestId: state?.samlRequestId ?? null,
      now: ctx.now(),
      ...(decryptionKeys === undefined ? {} : { decryptionKeys }),
    });
    failed = false;
  } catch (error) {
    // The metadata could not be read (a MetadataURL down): nothing to verify with, nobody's fault.
    if (error instanceof SamlMetadataError) {
      failed = false;
      return invalid("The identity provider's metadata is not available.");
    }
    if (error instanceof SamlError) return invalid(error.message);
    throw error;
  } finally {
    throttle.settle(key, failed);
  }
  const store = await ctx.store();
  const first = await store.samlAssertions.accept(
    hosted.pool.id,
    provider.name,
    assertion.assertionId,
    assertion.acceptableUntil,
    ctx.now(),
  );
  if (!first) return invalid("The SAML assertion has been used already.");

  noteSamlSignIn(c, {
    provider: provider.name,
    nameId: assertion.nameId,
    ...(assertion.nameIdFormat === undefined ? {} : { nameIdFormat: assertion.nameIdFormat }),
    ...(assertion.sessionIndex === undefined ? {} : { sessionIndex: assertion.sessionIndex }),
  });
  const identity = { provider, subject: assertion.nameId, claims: assertion.attributes };
  return state === null
    ? finishFederated(c, hosted, null, identity, request.query)
    : finishFederated(c, hosted, state, identity);
}
