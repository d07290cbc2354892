import * as samlify from "samlify";
import { beforeAll, describe, expect, it } from "vitest";
import type { IdentityProviderRecord } from "../../storage/index.js";
import { pem, poolSigningCertificate } from "../../user-pool/federation/saml-certificates.js";
import {
  BINDING,
  pemPair,
  samlifyIdp,
  skipSchemaValidation,
  type PemPair,
} from "../../user-pool/federation/saml-fixture.testing.js";
import { parseIdpMetadata } from "../../user-pool/federation/saml-metadata.js";
import { parseXml } from "../../user-pool/federation/saml-xml.js";
import { memoryContext } from "../fixture.testing.js";
import { authnRequest, authnRequestXml } from "./authn-request.js";
import { inflateRaw, RSA_SHA256_SIG_ALG } from "./redirect-binding.js";
import { redirectQuery } from "./redirect-query.testing.js";
import { spEntityId } from "./sp.js";

const POOL = "us-east-1_SamlStart1";
const ACS = "https://auth.example.com/saml2/idpresponse";
const ctx = memoryContext();
let keys: PemPair;
let poolCert: string;

const provider = (details: Record<string, string>): IdentityProviderRecord => ({
  poolId: POOL,
  name: "Okta",
  type: "SAML",
  details,
  attributeMapping: { username: "NameID" },
  identifiers: [],
  createdAt: 0,
  updatedAt: 0,
});

function cognateAsSp(authnRequestsSigned: boolean) {
  return samlify.ServiceProvider({
    entityID: spEntityId(POOL),
    authnRequestsSigned,
    signingCert: pem("CERTIFICATE", poolCert),
    assertionConsumerService: [{ Binding: BINDING.post, Location: ACS }],
  });
}

beforeAll(async () => {
  skipSchemaValidation();
  await (await ctx.store()).pools.create({ id: POOL, name: "saml", config: {} }, Date.now());
  keys = await pemPair();
  poolCert = await poolSigningCertificate(ctx, POOL);
});

describe("authnRequest", () => {
  it("sends a signed AuthnRequest samlify (an IdP wanting signed requests) reads and verifies", async () => {
    const idp = samlifyIdp(keys, { wantAuthnRequestsSigned: true });
    const metadata = parseIdpMetadata(idp.getMetadata(), Date.now());
    const { id, url } = await authnRequest(
      ctx,
      provider({}),
      metadata,
      { entityId: spEntityId(POOL), acs: ACS },
      async (requestId) => `sealed.${requestId}+/=?&`,
    );
    expect(url.startsWith("https://idp.example/sso?SAMLRequest=")).toBe(true);
    const { query, octetString } = redirectQuery(url);
    expect(Object.keys(query)).toEqual(["SAMLRequest", "RelayState", "SigAlg", "Signature"]);
    expect(query.SigAlg).toBe(RSA_SHA256_SIG_ALG);
    expect(query.RelayState).toBe(`sealed.${id}+/=?&`);

    const parsed = await idp.parseLoginRequest(cognateAsSp(true), "redirect", { query, octetString });
    expect(parsed.sigAlg).toBe(RSA_SHA256_SIG_ALG);
    expect(parsed.extract.request).toMatchObject({ id, destination: "https://idp.example/sso" });
    expect(parsed.extract.issuer).toBe(spEntityId(POOL));

    // The XML itself: ACS, binding, instant.
    const xml = await inflateRaw(Buffer.from(query.SAMLRequest!, "base64"), 100_000);
    const root = parseXml(xml, 100_000).documentElement;
    expect(root.localName).toBe("AuthnRequest");
    expect(root.getAttribute("AssertionConsumerServiceURL")).toBe(ACS);
    expect(root.getAttribute("ProtocolBinding")).toBe("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    expect(root.getAttribute("Version")).toBe("2.0");
    expect(Math.abs(Date.parse(root.getAttribute("IssueInstant")!) - Date.now())).toBeLessThan(5_000);
    expect(id).toMatch(/^_[0-9a-f]{32}$/);
  });

  it("signs when the provider's RequestSigningAlgorithm says so; a changed RelayState breaks the signature", async () => {
    const idp = samlifyIdp(keys, { wantAuthnRequestsSigned: true });
    const metadata = { ...parseIdpMetadata(idp.getMetadata(), Date.now()), wantAuthnRequestsSigned: false };
    const { url } = await authnRequest(
      ctx,
      provider({ RequestSigningAlgorithm: "rsa-sha256" }),
      metadata,
      { entityId: spEntityId(POOL), acs: ACS },
      async () => "state-1",
    );
    const { query, octetString } = redirectQuery(url);
    expect(query.Signature).toBeDefined();
    await expect(
      idp.parseLoginRequest(cognateAsSp(true), "redirect", {
        query,
        octetString: octetString.replace("state-1", "state-2"),
      }),
    ).rejects.toThrow("ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION");
    // Another key's signature is refused too.
    const other = await pemPair("other");
    const impostor = samlify.ServiceProvider({
      entityID: spEntityId(POOL),
      signingCert: other.certificate,
      assertionConsumerService: [{ Binding: BINDING.post, Location: ACS }],
    });
    await expect(idp.parseLoginRequest(impostor, "redirect", { query, octetString })).rejects.toThrow(
      "ERR_FAILED_MESSAGE_SIGNATURE_VERIFICATION",
    );
  });

  it("sends it unsigned when neither side asks for a signature", async () => {
    const idp = samlifyIdp(keys);
    const metadata = parseIdpMetadata(idp.getMetadata(), Date.now());
    const { id, url } = await authnRequest(
      ctx,
      provider({}),
      metadata,
      { entityId: spEntityId(POOL), acs: ACS },
      async () => "s",
    );
    const { query, octetString } = redirectQuery(url);
    expect(Object.keys(query)).toEqual(["SAMLRequest", "RelayState"]);
    const parsed = await idp.parseLoginRequest(cognateAsSp(false), "redirect", { query, octetString });
    expect(parsed.extract.request?.id).toBe(id);
  });

  it("writes values escaped, never as markup, and refuses characters XML cannot hold", () => {
    const fields = {
      id: "_1",
      issueInstant: "2026-12-05T00:00:00Z",
      destination: 'https://idp.example/sso?a=1&b="2"',
      issuer: "urn:amazon:cognito:sp:x",
      acs: 'https://x/"><saml:Evil/><x a="',
    };
    const root = parseXml(authnRequestXml(fields), 10_000).documentElement;
    expect(root.getAttribute("AssertionConsumerServiceURL")).toBe(fields.acs);
    expect(root.getAttribute("Destination")).toBe(fields.destination);
    expect(root.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Evil").length).toBe(0);
    expect(() => authnRequestXml({ ...fields, acs: "https://x/\u0000" })).toThrow(
      "a character XML cannot hold",
    );
  });
});
