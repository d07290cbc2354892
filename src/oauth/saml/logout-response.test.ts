import { describe, expect, it } from "vitest";
import { certificateBody, pem, samlIdp } from "../../../test/federation/stand-ins/saml.js";
import { type LogoutResponseCheck, verifyLogoutResponse } from "./logout-response.js";

const SLO = "https://auth.example.test/saml2/logout";
const idp = samlIdp({
  spEntityId: "urn:amazon:cognito:sp:us-east-1_SamlTest1",
  acs: "https://auth.example.test/saml2/idpresponse",
  slo: SLO,
});
const check = (over: Partial<LogoutResponseCheck> = {}): LogoutResponseCheck => ({
  idp: { entityId: idp.entityId, certificates: [certificateBody(idp.certificate)] },
  destination: SLO,
  requestId: "_logout1",
  now: Date.now(),
  ...over,
});
const xmlOf = (b64: string) => Buffer.from(b64, "base64").toString("utf8");
const b64 = (xml: string) => Buffer.from(xml, "utf8").toString("base64");

async function refusal(samlResponse: string, over: Partial<LogoutResponseCheck> = {}): Promise<string> {
  try {
    await verifyLogoutResponse(samlResponse, check(over));
  } catch (error) {
    expect((error as Error).name).toBe("SamlError");
    return (error as Error).message;
  }
  throw new Error("accepted");
}

describe("verifyLogoutResponse", () => {
  it("accepts the IdP's signed LogoutResponse to our request, and reports its status", async () => {
    expect(await verifyLogoutResponse(idp.logoutResponse("_logout1"), check())).toEqual({
      status: "urn:oasis:names:tc:SAML:2.0:status:Success",
      success: true,
    });
    const partial = idp.logoutResponse("_logout1", {
      status: "urn:oasis:names:tc:SAML:2.0:status:Responder",
    });
    expect((await verifyLogoutResponse(partial, check())).success).toBe(false);
  });

  it("refuses another request, another Issuer, another Destination, an old or future response", async () => {
    expect(await refusal(idp.logoutResponse("_other"))).toBe(
      "InResponseTo does not match the logout request.",
    );
    expect(await refusal(idp.logoutResponse("_logout1", { issuer: "https://evil.example" }))).toBe(
      "The LogoutResponse's Issuer is not the identity provider.",
    );
    expect(await refusal(idp.logoutResponse("_logout1", { destination: "https://evil.example/slo" }))).toBe(
      "Destination does not match the logout URL.",
    );
    expect(await refusal(idp.logoutResponse("_logout1", { shiftMs: -16 * 60_000 }))).toBe(
      "The LogoutResponse is not current.",
    );
    expect(await refusal(idp.logoutResponse("_logout1", { shiftMs: 6 * 60_000 }))).toBe(
      "The LogoutResponse is not current.",
    );
  });

  it("refuses a deeply nested LogoutResponse before any signature work", async () => {
    const xml = xmlOf(idp.logoutResponse("_logout1")).replace(
      /<\/samlp:LogoutResponse>$/,
      `${"<a>".repeat(9000)}${"</a>".repeat(9000)}</samlp:LogoutResponse>`,
    );
    expect(xml).toContain("<a><a>");
    expect(await refusal(b64(xml))).toBe("The XML is nested deeper than 64 elements.");
  });

  it("refuses an unsigned, tampered or foreign-key LogoutResponse, and a login Response", async () => {
    const xml = xmlOf(idp.logoutResponse("_logout1"));
    expect(await refusal(b64(xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, "")))).toBe(
      "The LogoutResponse is not signed.",
    );
    expect(await refusal(b64(xml.replace("_logout1", "_logout2")))).toBe(
      "SAML LogoutResponse signature is invalid.",
    );
    expect(
      await refusal(idp.logoutResponse("_logout1"), {
        idp: { entityId: idp.entityId, certificates: [pem("attacker-cert")] },
      }),
    ).toBe("SAML LogoutResponse signature is invalid.");
    expect(await refusal(await idp.response({ nameId: "a" }))).toBe(
      "The document is not a SAML LogoutResponse.",
    );
  });
});
