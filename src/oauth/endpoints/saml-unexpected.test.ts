// /saml2/idpresponse and /saml2/logout when the verifier fails in a way no check foresaw (a
// library's RangeError or TypeError, not a SamlError): Cognito's `Invalid SAML response received`
// at the app, or the error page, never a 500.
import { Hono } from "hono";
import { beforeAll, describe, expect, it, vi } from "vitest";
import {
  pemPair,
  samlifyIdp,
  skipSchemaValidation,
} from "../../user-pool/federation/saml-fixture.testing.js";
import { callOperation, oauthFixture } from "../fixture.testing.js";
import { mountHostedUi } from "../index.js";
import { sealLogoutState } from "../saml/logout-state.js";
import type { SamlVerifier } from "../saml/verifier.js";

type Fixture = Awaited<ReturnType<typeof oauthFixture>>;
let f: Fixture;
let app: Hono;
let clientId: string;
const ORIGIN = "http://127.0.0.1:9229";

const throwing: SamlVerifier = {
  response: async () => {
    throw new RangeError("Maximum call stack size exceeded");
  },
  logoutResponse: () => {
    throw new TypeError("(attributes[name] ?? []) is not iterable");
  },
};

beforeAll(async () => {
  skipSchemaValidation();
  f = await oauthFixture();
  app = new Hono();
  mountHostedUi(app, f.ctx, { ...f.hosted.options, saml: throwing });
  const idp = samlifyIdp(await pemPair());
  await callOperation(f.ctx, "CreateIdentityProvider", {
    UserPoolId: f.poolId,
    ProviderName: "Okta",
    ProviderType: "SAML",
    ProviderDetails: { MetadataFile: idp.getMetadata(), IDPInit: "true" },
  });
  clientId = (
    await f.makeClient({ SupportedIdentityProviders: ["Okta"], CallbackURLs: ["https://app.example/cb"] })
  ).id;
});

const post = (path: string, fields: Record<string, string>) =>
  app.request(`${ORIGIN}/${f.poolId}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

describe("an error no check foresaw in SAML handling", () => {
  it("at /saml2/idpresponse: Cognito's error at the app, logged without the response", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const SAMLResponse = Buffer.from("<samlp:Response/>").toString("base64");
    const res = await post("/saml2/idpresponse", {
      SAMLResponse,
      RelayState: new URLSearchParams({
        identity_provider: "Okta",
        client_id: clientId,
        redirect_uri: "https://app.example/cb",
        response_type: "code",
        scope: "openid",
        // The fixture's client is public: PKCE.
        code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        code_challenge_method: "S256",
      }).toString(),
    });
    expect([302, 303]).toContain(res.status);
    const location = new URL(res.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("https://app.example/cb");
    expect(location.searchParams.get("error")).toBe("server_error");
    expect(location.searchParams.get("error_description")).toBe(
      "Invalid SAML response received: The SAML response could not be processed.",
    );
    expect(logged).toHaveBeenCalledOnce();
    expect(String(logged.mock.calls[0]![0])).toMatch(/^cognate: \/saml2\/idpresponse: unexpected RangeError/);
    expect(String(logged.mock.calls[0]![0])).not.toContain("Maximum call stack");
    logged.mockRestore();
  });

  it("at /saml2/logout: the error page", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const RelayState = await sealLogoutState(f.hosted, {
      provider: "Okta",
      requestId: "_r1",
      after: { kind: "signed-out" },
    });
    const res = await post("/saml2/logout", { SAMLResponse: "PHgvPg==", RelayState });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(
      "Invalid SAML response received: The SAML response could not be processed.",
    );
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
