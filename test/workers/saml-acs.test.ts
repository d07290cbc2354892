// The SAML assertion consumer inside workerd (D1, nodejs_compat): xml-crypto's signature check,
// xml-encryption's decryption (AES-GCM, and AES-CBC under a signed Response) and the replay cache
// on D1, through /oauth2/authorize -> the AuthnRequest -> /saml2/idpresponse -> the app's code.
// The IdP is samlify in Node (saml-idp.setup.ts), asked over loopback for each response.
import { inject } from "vitest";
import { describe, expect, it } from "vitest";
import { inflateRaw } from "../../src/oauth/saml/redirect-binding.js";
import { parseXml } from "../../src/user-pool/federation/saml-xml.js";
import { base64ToBytes } from "../../src/util/encoding.js";
import type { ResponseOrder } from "./saml-idp.setup.js";
import { Hono } from "hono";
import { mountHostedUi } from "../../src/oauth/index.js";
import { SAML_VERIFIER } from "../../src/oauth/saml/saml-verifier.js";
import {
  CALLBACK,
  codeFlowClient,
  codeFlowPool,
  codeFlowQuery,
  d1UserPool,
  HOSTED_OPTIONS,
  hostedUiApp,
  ORIGIN,
} from "./in-process.js";

const IDP = inject("samlIdp");

async function world() {
  const { ctx, call } = d1UserPool();
  const { poolId, clientId } = await codeFlowPool(call, { PoolName: "edge-acs" });
  const metadata = await (await fetch(`${IDP}/metadata`)).text();
  await call("CreateIdentityProvider", {
    UserPoolId: poolId,
    ProviderName: "Okta",
    ProviderType: "SAML",
    ProviderDetails: { MetadataFile: metadata, IDPInit: "true" },
    AttributeMapping: { email: "email" },
  });
  const secure = await call("CreateIdentityProvider", {
    UserPoolId: poolId,
    ProviderName: "Secure",
    ProviderType: "SAML",
    ProviderDetails: { MetadataFile: metadata, EncryptedResponses: "true" },
  });
  await call("UpdateUserPoolClient", {
    UserPoolId: poolId,
    ClientId: clientId,
    ...codeFlowClient(["Okta", "Secure"]),
  });
  // The hosted UI as the Worker mounts it: the entry point hands the SAML verifier in.
  const app = new Hono();
  mountHostedUi(app, ctx, { ...HOSTED_OPTIONS, saml: SAML_VERIFIER });
  const acs = `${ORIGIN}/${poolId}/saml2/idpresponse`;
  const spEntityId = `urn:amazon:cognito:sp:${poolId}`;
  const encryptCert = secure.IdentityProvider.ProviderDetails.ActiveEncryptionCertificate as string;
  const respond = async (order: Omit<ResponseOrder, "spEntityId" | "acs">) =>
    (
      await fetch(`${IDP}/response`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ spEntityId, acs, ...order }),
      })
    ).text();
  const postAcs = (fields: Record<string, string>, cookie?: string) =>
    app.request(acs, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(cookie === undefined ? {} : { cookie }),
      },
      body: new URLSearchParams(fields).toString(),
    });
  /** /oauth2/authorize naming `provider`: the AuthnRequest's ID, the RelayState and the state cookie. */
  const authorize = async (provider: string) => {
    const res = await app.request(
      `${ORIGIN}/${poolId}/oauth2/authorize?${codeFlowQuery(clientId, { identity_provider: provider })}`,
    );
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    const xml = await inflateRaw(base64ToBytes(location.searchParams.get("SAMLRequest")!)!, 100_000);
    return {
      requestId: parseXml(xml, 100_000).documentElement.getAttribute("ID")!,
      relayState: location.searchParams.get("RelayState")!,
      cookie: res.headers.get("set-cookie")!.split(";")[0]!,
    };
  };
  return { ctx, poolId, clientId, respond, postAcs, authorize, encryptCert };
}

const codeOf = (res: Response) => {
  expect([302, 303]).toContain(res.status);
  const location = new URL(res.headers.get("location")!);
  expect(location.href.startsWith(CALLBACK)).toBe(true);
  return location.searchParams;
};

describe("the SAML assertion consumer inside workerd", () => {
  it("signs in SP-initiated with a signed assertion and refuses the response posted again", async () => {
    const w = await world();
    const { requestId, relayState, cookie } = await w.authorize("Okta");
    const SAMLResponse = await w.respond({
      user: { nameId: "edge-ann", attributes: { email: "ann@edge.example" } },
      options: { requestId },
    });
    const answer = codeOf(await w.postAcs({ SAMLResponse, RelayState: relayState }, cookie));
    expect(answer.get("code")).toMatch(/.+/);
    expect(answer.get("state")).toBe("edge");
    const again = await w.postAcs({ SAMLResponse, RelayState: relayState }, cookie);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("it was used already");
  });

  it("decrypts AES-GCM, and AES-CBC inside a signed Response, with the provider's key (xml-encryption in workerd)", async () => {
    const w = await world();
    for (const options of [{ encrypt: "gcm" as const }, { encrypt: "cbc" as const, signResponse: true }]) {
      const { requestId, relayState, cookie } = await w.authorize("Secure");
      const SAMLResponse = await w.respond({
        user: { nameId: `edge-${options.encrypt}` },
        encryptCert: w.encryptCert,
        options: { requestId, ...options },
      });
      expect(codeOf(await w.postAcs({ SAMLResponse, RelayState: relayState }, cookie)).get("code")).toMatch(
        /.+/,
      );
    }
  });

  it("accepts an IdP-initiated response once (the replay cache on D1), and refuses an expired one", async () => {
    const w = await world();
    const RelayState = codeFlowQuery(w.clientId, { identity_provider: "Okta" }).toString();
    const SAMLResponse = await w.respond({ user: { nameId: "edge-bo" }, options: { requestId: null } });
    expect(codeOf(await w.postAcs({ SAMLResponse, RelayState })).get("code")).toMatch(/.+/);
    const replay = codeOf(await w.postAcs({ SAMLResponse, RelayState }));
    expect(replay.get("error")).toBe("server_error");
    expect(replay.get("error_description")).toBe(
      "Invalid SAML response received: The SAML assertion has been used already.",
    );
    const expired = await w.respond({
      user: { nameId: "edge-cy" },
      options: { requestId: null, shiftMs: -11 * 60_000, lifetimeMs: 5 * 60_000 },
    });
    expect(codeOf(await w.postAcs({ SAMLResponse: expired, RelayState })).get("error_description")).toBe(
      "Invalid SAML response received: The assertion has expired.",
    );
  });

  it("refuses every response where no SAML verifier was handed in (a library mount without it)", async () => {
    const w = await world();
    const bare = hostedUiApp(w.ctx);
    const RelayState = codeFlowQuery(w.clientId, { identity_provider: "Okta" }).toString();
    const SAMLResponse = await w.respond({ user: { nameId: "edge-dee" }, options: { requestId: null } });
    const res = await bare.request(`${ORIGIN}/${w.poolId}/saml2/idpresponse`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ SAMLResponse, RelayState }).toString(),
    });
    expect(codeOf(res).get("error_description")).toBe(
      "Invalid SAML response received: This server does not verify SAML responses.",
    );
  });

  it("refuses a deeply nested response before any signature work, and answers an error no check foresaw at the app, never a 500", async () => {
    const w = await world();
    const RelayState = codeFlowQuery(w.clientId, { identity_provider: "Okta" }).toString();
    const signature = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#r1"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>`;
    const deep = btoa(
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="r1"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${signature}<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${"<a>".repeat(9000)}${"</a>".repeat(9000)}</saml:Assertion></samlp:Response>`,
    );
    expect(codeOf(await w.postAcs({ SAMLResponse: deep, RelayState })).get("error_description")).toBe(
      "Invalid SAML response received: The XML is nested deeper than 64 elements.",
    );

    // A verifier failing as a library might (a RangeError, not a SamlError).
    const throwing = new Hono();
    mountHostedUi(throwing, w.ctx, {
      ...HOSTED_OPTIONS,
      saml: {
        response: async () => {
          throw new RangeError("Maximum call stack size exceeded");
        },
        logoutResponse: () => {
          throw new RangeError("Maximum call stack size exceeded");
        },
      },
    });
    const SAMLResponse = await w.respond({ user: { nameId: "edge-eve" }, options: { requestId: null } });
    const res = await throwing.request(`${ORIGIN}/${w.poolId}/saml2/idpresponse`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ SAMLResponse, RelayState }).toString(),
    });
    expect(codeOf(res).get("error_description")).toBe(
      "Invalid SAML response received: The SAML response could not be processed.",
    );
  });
});
