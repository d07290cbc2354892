import * as samlify from "samlify";
import { beforeAll, describe, expect, it } from "vitest";
import { pem, poolSigningCertificate } from "../../user-pool/federation/saml-certificates.js";
import { BINDING, pemPair, skipSchemaValidation } from "../../user-pool/federation/saml-fixture.testing.js";
import { parseXml } from "../../user-pool/federation/saml-xml.js";
import { memoryContext } from "../fixture.testing.js";
import { logoutRequest, logoutRequestXml } from "./logout-request.js";
import { inflateRaw, RSA_SHA256_SIG_ALG } from "./redirect-binding.js";
import { redirectQuery } from "./redirect-query.testing.js";
import { spEntityId } from "./sp.js";

const POOL = "us-east-1_SamlSlo1";
const ctx = memoryContext();
const EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

async function idpAndSp() {
  const keys = await pemPair();
  const idp = samlify.IdentityProvider({
    entityID: "https://idp.example/metadata",
    signingCert: keys.certificate,
    privateKey: keys.privateKey,
    wantLogoutRequestSigned: true,
    singleSignOnService: [{ Binding: BINDING.redirect, Location: "https://idp.example/sso" }],
    singleLogoutService: [{ Binding: BINDING.redirect, Location: "https://idp.example/slo?tenant=1" }],
  });
  const sp = samlify.ServiceProvider({
    entityID: spEntityId(POOL),
    signingCert: pem("CERTIFICATE", await poolSigningCertificate(ctx, POOL)),
    assertionConsumerService: [
      { Binding: BINDING.post, Location: "https://auth.example.com/saml2/idpresponse" },
    ],
    singleLogoutService: [{ Binding: BINDING.post, Location: "https://auth.example.com/saml2/logout" }],
  });
  return { idp, sp };
}

beforeAll(async () => {
  skipSchemaValidation();
  await (await ctx.store()).pools.create({ id: POOL, name: "slo", config: {} }, Date.now());
});

describe("logoutRequest", () => {
  it("sends a signed LogoutRequest for the sign-in's NameID and SessionIndex that samlify verifies", async () => {
    const { idp, sp } = await idpAndSp();
    const { id, url } = await logoutRequest(ctx, {
      poolId: POOL,
      destination: "https://idp.example/slo?tenant=1",
      nameId: "Alice@Example.com",
      nameIdFormat: EMAIL,
      sessionIndex: "_session-7",
      relayState: "back-to-app",
    });
    expect(url.startsWith("https://idp.example/slo?tenant=1&SAMLRequest=")).toBe(true);
    const { query, octetString } = redirectQuery(url);
    expect(query.SigAlg).toBe(RSA_SHA256_SIG_ALG);
    expect(query.RelayState).toBe("back-to-app");
    // samlify reads the query without the IdP's own parameter.
    const { tenant: _tenant, ...samlQuery } = query;
    const parsed = await idp.parseLogoutRequest(sp, "redirect", {
      query: samlQuery,
      octetString: octetString.replace(/^tenant=1&/, ""),
    });
    expect(parsed.sigAlg).toBe(RSA_SHA256_SIG_ALG);
    expect(parsed.extract).toMatchObject({
      request: { id, destination: "https://idp.example/slo?tenant=1" },
      issuer: spEntityId(POOL),
      nameID: "Alice@Example.com",
      sessionIndex: "_session-7",
    });

    const xml = await inflateRaw(Buffer.from(query.SAMLRequest!, "base64"), 100_000);
    const nameId = parseXml(xml, 100_000).getElementsByTagNameNS(
      "urn:oasis:names:tc:SAML:2.0:assertion",
      "NameID",
    )[0]!;
    expect(nameId.getAttribute("Format")).toBe(EMAIL);

    // Tampered: refused.
    await expect(
      idp.parseLogoutRequest(sp, "redirect", {
        query: samlQuery,
        octetString: octetString.replace(/^tenant=1&/, "").replace("back-to-app", "elsewhere"),
      }),
    ).rejects.toThrow("ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION");
  });

  it("leaves out what the sign-in did not give, and escapes what it did", () => {
    const fields = {
      id: "_2",
      issueInstant: "2026-12-05T00:00:00Z",
      destination: "https://idp.example/slo",
      issuer: spEntityId(POOL),
      nameId: '</saml:NameID><saml:NameID>admin" x="',
    };
    const doc = parseXml(logoutRequestXml(fields), 10_000);
    const names = doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "NameID");
    expect(names.length).toBe(1);
    expect(names[0]!.textContent).toBe(fields.nameId);
    expect(names[0]!.hasAttribute("Format")).toBe(false);
    expect(doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:protocol", "SessionIndex").length).toBe(0);
  });
});
