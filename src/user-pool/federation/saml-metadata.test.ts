import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pemPair, samlifyIdp, type PemPair } from "./saml-fixture.testing.js";
import {
  fetchIdpMetadata,
  metadataUrlAllowed,
  parseIdpMetadata,
  SamlMetadataError,
} from "./saml-metadata.js";

const NOW = Date.now();
let keys: PemPair;
let other: PemPair;
let expired: PemPair;

beforeAll(async () => {
  [keys, other, expired] = await Promise.all([
    pemPair(),
    pemPair("second"),
    pemPair("old", NOW - 11 * 365 * 86_400_000),
  ]);
});

const md = (inner: string, attributes = "") =>
  `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example/e"${attributes}>${inner}</md:EntityDescriptor>`;
const key = (der: string, use?: string) =>
  `<md:KeyDescriptor${use === undefined ? "" : ` use="${use}"`}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\n${der.replace(/(.{64})/g, "$1\n")}\n</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
const sso = (location = "https://idp.example/sso", binding = "HTTP-Redirect") =>
  `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:${binding}" Location="${location}"/>`;
const idp = (
  inner: string,
  attributes = ' protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"',
) => `<md:IDPSSODescriptor${attributes}>${inner}</md:IDPSSODescriptor>`;

const refused = (xml: string, message: RegExp, allowLoopbackHttp = false) => {
  let thrown: unknown;
  try {
    parseIdpMetadata(xml, NOW, allowLoopbackHttp);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SamlMetadataError);
  expect((thrown as Error).message).toMatch(message);
};

describe("parseIdpMetadata", () => {
  it("reads samlify's IdP metadata: entity ID, SSO and SLO by binding, the signing certificate, WantAuthnRequestsSigned", () => {
    const metadata = samlifyIdp(keys, { wantAuthnRequestsSigned: true }).getMetadata();
    expect(parseIdpMetadata(metadata, NOW)).toEqual({
      entityId: "https://idp.example/metadata",
      sso: { redirect: "https://idp.example/sso", post: "https://idp.example/sso-post" },
      slo: { redirect: "https://idp.example/slo" },
      signingCertificates: [keys.der],
      wantAuthnRequestsSigned: true,
    });
  });

  it("keeps every unexpired signing key (use=signing or none), drops encryption keys and expired ones", () => {
    const xml = md(
      idp(
        key(keys.der, "signing") +
          key(other.der) +
          key(expired.der, "signing") +
          key(keys.der, "encryption") +
          sso(),
      ),
    );
    const read = parseIdpMetadata(xml, NOW);
    expect(read.signingCertificates).toEqual([keys.der, other.der]);
    expect(read.wantAuthnRequestsSigned).toBe(false);
    expect(read.slo).toEqual({});
  });

  it("takes the one IdP of an EntitiesDescriptor", () => {
    const xml = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${md(`<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>`).replace('entityID="https://idp.example/e"', 'entityID="sp"')}${md(idp(key(keys.der) + sso()))}</md:EntitiesDescriptor>`;
    expect(parseIdpMetadata(xml, NOW).entityId).toBe("https://idp.example/e");
  });

  it("refuses a DOCTYPE and entities, before parsing", () => {
    refused(
      `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${md(idp(key(keys.der) + sso()))}`,
      /DOCTYPE/,
    );
    refused(`<!ENTITY x SYSTEM "file:///etc/passwd">${md("")}`, /DOCTYPE or ENTITY/);
  });

  it("refuses metadata nested deeper than the shared bound (an Extensions element 18,000 deep)", () => {
    const deep = md(
      `<md:Extensions>${"<a>".repeat(18_000)}${"</a>".repeat(18_000)}</md:Extensions>${idp(key(keys.der) + sso())}`,
    );
    expect(deep.length).toBeLessThanOrEqual(131_072);
    refused(deep, /^the metadata is not XML cognate reads \(nested deeper than 64 elements\)$/);
  });

  it("refuses what is not metadata for a SAML 2.0 IdP with a usable certificate and Redirect SSO", () => {
    refused("<not-closed>", /not XML/);
    refused("x".repeat(131_073), /larger than/);
    refused(`<x xmlns="urn:other"/>`, /root is not an md:EntityDescriptor/);
    refused(md(idp(key(keys.der) + sso())).replace('entityID="https://idp.example/e"', ""), /no entityID/);
    refused(
      md(idp(key(keys.der) + sso())).replace(
        "https://idp.example/e",
        `https://idp.example/${"e".repeat(1024)}`,
      ),
      /longer than 1024/,
    );
    refused(md(idp(key(keys.der) + sso(), "")), /no SAML 2.0 IDPSSODescriptor/);
    refused(md(idp(sso())), /no signing certificate/);
    refused(md(idp(key(keys.der, "encryption") + sso())), /no signing certificate/);
    refused(md(idp(key(expired.der) + sso())), /every signing certificate has expired/);
    refused(md(idp(key("bm90IGEgY2VydA==") + sso())), /not a base64 X.509 certificate/);
    refused(md(idp(key("not base64!") + sso())), /not a base64 X.509 certificate/);
    refused(md(idp(key("A".repeat(4100)) + sso())), /longer than 4096/);
    refused(md(idp(key(keys.der) + sso("https://idp.example/sso", "HTTP-POST"))), /HTTP-Redirect/);
    refused(md(idp(key(keys.der) + sso("javascript:alert(1)"))), /not an https URL/);
    refused(md(idp(key(keys.der) + sso("http://idp.example/sso"))), /not an https URL/);
    refused(md(idp(key(keys.der) + sso()), ' validUntil="2001-01-01T00:00:00Z"'), /validUntil has passed/);
    refused(
      `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${md(idp(key(keys.der) + sso()))}${md(idp(key(keys.der) + sso()))}</md:EntitiesDescriptor>`,
      /2 identity providers/,
    );
  });

  it("accepts http endpoints on a loopback host only when allowed", () => {
    const xml = md(idp(key(keys.der) + sso("http://127.0.0.1:8123/sso")));
    refused(xml, /not an https URL/);
    expect(parseIdpMetadata(xml, NOW, true).sso.redirect).toBe("http://127.0.0.1:8123/sso");
    refused(md(idp(key(keys.der) + sso("http://idp.example/sso"))), /not an https URL/, true);
  });
});

describe("fetchIdpMetadata", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/metadata") res.end(samlifyIdp(keys).getMetadata());
      else if (req.url === "/big") res.end("x".repeat(600 * 1024));
      else if (req.url === "/slow") setTimeout(() => res.end("late"), 2_000);
      else if (req.url === "/moved") res.writeHead(302, { location: "/metadata" }).end();
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("fetches https URLs, or loopback http when allowed", async () => {
    expect(metadataUrlAllowed("https://idp.example/metadata")).toBe(true);
    expect(metadataUrlAllowed("https://idp.example:8443/metadata")).toBe(false);
    expect(metadataUrlAllowed("http://idp.example/metadata", true)).toBe(false);
    expect(metadataUrlAllowed(`${base}/metadata`)).toBe(false);
    expect(metadataUrlAllowed(`${base}/metadata`, true)).toBe(true);
    // Literal addresses off the public internet: loopback only when allowed, private never.
    for (const url of [
      "https://127.0.0.1/m",
      "https://0.0.0.0/m",
      "https://[::ffff:127.0.0.1]/m",
      "https://foo.localhost/m",
    ]) {
      expect(metadataUrlAllowed(url)).toBe(false);
      expect(metadataUrlAllowed(url, true)).toBe(true);
    }
    for (const url of [
      "https://10.0.0.1/m",
      "https://169.254.169.254/m",
      "https://[fd00::1]/m",
      "https://0xc0a80001/m",
    ]) {
      expect(metadataUrlAllowed(url)).toBe(false);
      expect(metadataUrlAllowed(url, true)).toBe(false);
    }
    await expect(fetchIdpMetadata("https://169.254.169.254/latest")).rejects.toThrow(/not an https URL/);
    await expect(fetchIdpMetadata(`${base}/metadata`)).rejects.toThrow(/not an https URL/);
    const xml = await fetchIdpMetadata(`${base}/metadata`, { allowLoopbackHttp: true });
    expect(parseIdpMetadata(xml, NOW).signingCertificates).toEqual([keys.der]);
  });

  it("refuses a non-200 answer (redirects not followed), a body too large, a slow server", async () => {
    const options = { allowLoopbackHttp: true, timeoutMs: 500 };
    await expect(fetchIdpMetadata(`${base}/missing`, options)).rejects.toThrow(
      `Non-ok status code 404 returned from remote metadata source ${base}/missing`,
    );
    await expect(fetchIdpMetadata(`${base}/moved`, options)).rejects.toThrow(/Non-ok status code 302/);
    await expect(fetchIdpMetadata(`${base}/big`, options)).rejects.toThrow(/larger than 524288 bytes/);
    await expect(fetchIdpMetadata(`${base}/slow`, options)).rejects.toThrow(/Timed out/);
    await expect(fetchIdpMetadata("http://127.0.0.1:1/metadata", options)).rejects.toThrow(
      /Error retrieving metadata/,
    );
  });
});
