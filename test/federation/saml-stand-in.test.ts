import * as samlify from "samlify";
import { afterAll, describe, expect, it } from "vitest";
import { verifySamlResponse } from "../../src/oauth/saml/response.js";
import { certificateBody, pem, startSamlIdp } from "./stand-ins/saml.js";
import { walk } from "./stand-ins/walk.js";

// The SAML IdP stand-in, driven by samlify in the SP role (cognate's own AuthnRequest is tested
// in test/federation/saml.test.ts).
const SP = "urn:amazon:cognito:sp:us-east-1_StandIn1";
const ACS = "https://cognate.test/saml2/idpresponse";
const SLO = "https://cognate.test/saml2/logout";
const B = samlify.Constants.namespace.binding;

const cleanups: Array<() => Promise<void>> = [];
afterAll(() => Promise.all(cleanups.map((f) => f())));

const idp = await startSamlIdp({
  spEntityId: SP,
  acs: ACS,
  slo: SLO,
  spEncryptionCert: pem("sp-cert"),
  spSigningCert: pem("sp-cert"),
});
cleanups.push(idp.close);

// samlify as the SP, signing its requests with the `sp` pair (the stand-in knows its certificate).
const samlIdpOfMetadata = samlify.IdentityProvider({ metadata: idp.metadata, wantLogoutRequestSigned: true });
const sp = samlify.ServiceProvider({
  entityID: SP,
  assertionConsumerService: [{ Binding: B.post, Location: ACS }],
  singleLogoutService: [{ Binding: B.post, Location: SLO }],
  privateKey: pem("sp-key"),
  signingCert: pem("sp-cert"),
  authnRequestsSigned: true,
});

const check = (requestId: string | null, decryptionKeys?: string[]) => ({
  idp: { entityId: idp.entityId, certificates: [certificateBody(idp.certificate)] },
  spEntityId: SP,
  acs: ACS,
  requestId,
  now: Date.now(),
  ...(decryptionKeys === undefined ? {} : { decryptionKeys }),
});

describe("SAML IdP stand-in (samlify)", () => {
  it("publishes metadata with its entity ID, signing certificate, SSO and SLO Redirect endpoints", async () => {
    const res = await fetch(`${idp.url}/metadata`);
    expect(res.headers.get("content-type")).toContain("samlmetadata+xml");
    const xml = await res.text();
    expect(xml).toContain(`entityID="${idp.url}/metadata"`);
    expect(xml).toContain(certificateBody(idp.certificate));
    expect(xml).toContain(`Location="${idp.url}/sso"`);
    expect(xml).toContain(`Location="${idp.url}/slo"`);
    expect(xml).toContain('WantAuthnRequestsSigned="true"');
  });

  it("answers a signed AuthnRequest with a page that posts a signed Response and the RelayState to the ACS", async () => {
    const request = sp.createLoginRequest(samlIdpOfMetadata, "redirect", { relayState: "relay-1" }) as {
      id: string;
      context: string;
    };
    idp.nextUser({ nameId: "ann", attributes: { email: "ann@example.test" } });
    const landing = await walk(request.context, ACS);
    expect(landing.url.href).toBe(ACS);
    expect(landing.form?.RelayState).toBe("relay-1");
    const assertion = await verifySamlResponse(landing.form!.SAMLResponse!, check(request.id));
    expect(assertion).toMatchObject({ nameId: "ann", attributes: { email: ["ann@example.test"] } });
    expect(idp.issued.at(-1)?.samlResponse).toBe(landing.form!.SAMLResponse);
  });

  it("refuses an AuthnRequest whose signature is missing or not the SP's", async () => {
    const request = sp.createLoginRequest(samlIdpOfMetadata, "redirect", { relayState: "r" }) as {
      context: string;
    };
    const unsigned = new URL(request.context);
    unsigned.searchParams.delete("Signature");
    unsigned.searchParams.delete("SigAlg");
    expect((await fetch(unsigned)).status).toBe(400);
    const forged = new URL(request.context);
    forged.searchParams.set("RelayState", "changed");
    expect((await fetch(forged)).status).toBe(400);
  });

  it("starts an IdP-initiated sign-in: no InResponseTo, the RelayState passed through", async () => {
    idp.nextUser({ nameId: "bob" });
    const landing = await walk(`${idp.url}/init?RelayState=${encodeURIComponent("client_id=abc")}`, ACS);
    expect(landing.form?.RelayState).toBe("client_id=abc");
    expect((await verifySamlResponse(landing.form!.SAMLResponse!, check(null))).nameId).toBe("bob");
  });

  it("encrypts the assertion to the SP's certificate when told to", async () => {
    idp.setResponseOptions({ encrypt: "gcm" });
    try {
      const request = sp.createLoginRequest(samlIdpOfMetadata, "redirect") as { id: string; context: string };
      const landing = await walk(request.context, ACS);
      const assertion = await verifySamlResponse(
        landing.form!.SAMLResponse!,
        check(request.id, [pem("sp-key")]),
      );
      expect(assertion.encrypted).toBe(true);
    } finally {
      idp.setResponseOptions({});
    }
  });

  it("refuses an unsigned LogoutRequest", async () => {
    const request = sp.createLogoutRequest(samlIdpOfMetadata, "redirect", {
      logoutNameID: "ann",
    } as never) as {
      context: string;
    };
    const unsigned = new URL(request.context);
    unsigned.searchParams.delete("Signature");
    expect((await fetch(unsigned)).status).toBe(400);
  });

  it("answers a signed LogoutRequest with a LogoutResponse posted to the SP's SLO URL", async () => {
    const request = sp.createLogoutRequest(samlIdpOfMetadata, "redirect", { logoutNameID: "ann" } as never, {
      relayState: "bye",
    }) as { id: string; context: string };
    const landing = await walk(request.context, SLO);
    expect(landing.form?.RelayState).toBe("bye");
    const response = Buffer.from(landing.form!.SAMLResponse!, "base64").toString("utf8");
    expect(response).toContain(`InResponseTo="${request.id}"`);
    expect(response).toContain("urn:oasis:names:tc:SAML:2.0:status:Success");
    expect(response).toContain("<ds:SignatureValue>");
    expect(idp.logoutRequests.at(-1)).toContain("ann");
  });
});
