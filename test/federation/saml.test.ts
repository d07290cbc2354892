// SAML 2.0 sign-in end to end over HTTP (no browser): /oauth2/authorize -> cognate's AuthnRequest
// -> the samlify IdP stand-in -> its Response posted to /saml2/idpresponse -> the app's code ->
// tokens at the token endpoint; IdP-initiated sign-in; single logout; and the attacks.
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { SAML_THROTTLED } from "../../src/oauth/endpoints/saml-response.js";
import { Agent, callbackError, exchange, perFile } from "./harness.js";
import {
  idpInitiatedRelayState,
  LOGOUT_URI,
  post,
  samlAuthorizeUrl,
  type SamlWorld,
  samlWorld,
  untilPost,
  wrapSignature,
} from "./saml-world.js";

const world = perFile(samlWorld);

async function codeOf(landing: Awaited<ReturnType<Agent["walk"]>>): Promise<Record<string, unknown>> {
  const code = landing.callback?.searchParams.get("code");
  if (!code)
    throw new Error(
      `no code: ${landing.callback?.search ?? `${landing.status} ${landing.body?.slice(0, 400)}`}`,
    );
  const { status, json } = await exchange(world, code);
  expect(status).toBe(200);
  return decodeJwt(String(json.id_token));
}

const invalidSaml = (reason: string) => ({
  error: "server_error",
  description: `Invalid SAML response received: ${reason}`,
});

describe("SAML sign-in (SP-initiated)", () => {
  it("signs in with a signed assertion: the AuthnRequest signed and checked by the IdP, claims by the mapping", async () => {
    world.okta.nextUser({
      nameId: "Ann.Smith",
      attributes: {
        email: "ann@corp.example",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name": "Ann Smith",
      },
    });
    const landing = await new Agent().walk(samlAuthorizeUrl(world, "Okta"));
    expect(landing.callback?.searchParams.get("state")).toBe("app-state");
    const claims = await codeOf(landing);
    expect(claims["cognito:username"]).toBe("okta_ann.smith");
    expect(claims.email).toBe("ann@corp.example");
    expect(claims.name).toBe("Ann Smith");
    expect(claims["cognito:groups"]).toEqual([`${world.poolId}_Okta`]);
    const identities = claims.identities as { userId: string; providerType: string; issuer: string }[];
    expect(identities[0]).toMatchObject({
      userId: "Ann.Smith",
      providerType: "SAML",
      issuer: world.okta.entityId,
    });
  });

  it("signs in with a signed Response (the assertion unsigned inside it)", async () => {
    world.okta.setResponseOptions({ signResponse: true, signAssertion: false });
    try {
      world.okta.nextUser({ nameId: "bob", attributes: { email: "bob@corp.example" } });
      expect(
        (await codeOf(await new Agent().walk(samlAuthorizeUrl(world, "Okta"))))["cognito:username"],
      ).toBe("okta_bob");
    } finally {
      world.okta.setResponseOptions({});
    }
  });

  it("signs in with an encrypted assertion (EncryptedResponses, the provider's own key pair)", async () => {
    world.secure.nextUser({ nameId: "carol", attributes: { email: "carol@secure.example" } });
    const claims = await codeOf(await new Agent().walk(samlAuthorizeUrl(world, "Secure")));
    expect(claims["cognito:username"]).toBe("secure_carol");
    expect(claims.email).toBe("carol@secure.example");
  });

  it("refuses a plaintext assertion from a provider with EncryptedResponses", async () => {
    world.secure.setResponseOptions({});
    try {
      const landing = await new Agent().walk(samlAuthorizeUrl(world, "Secure"));
      expect(callbackError(landing)).toEqual(invalidSaml("The assertion must be encrypted."));
    } finally {
      world.secure.setResponseOptions({ encrypt: "gcm" });
    }
  });

  it("refuses a wrapped signature (an unsigned assertion beside the signed one)", async () => {
    const agent = new Agent();
    world.okta.nextUser({ nameId: "dave" });
    const form = await untilPost(agent, samlAuthorizeUrl(world, "Okta"));
    const wrapped = wrapSignature(form.fields.SAMLResponse!);
    const landing = await post(agent, form.action, { ...form.fields, SAMLResponse: wrapped });
    expect(callbackError(landing)).toEqual(invalidSaml("Expected exactly one assertion, found 2."));
  });

  it("refuses a replayed response: the round trip's state is spent", async () => {
    const agent = new Agent();
    world.okta.nextUser({ nameId: "erin" });
    const form = await untilPost(agent, samlAuthorizeUrl(world, "Okta"));
    expect((await post(agent, form.action, form.fields)).callback?.searchParams.get("code")).toBeTruthy();
    const again = await post(agent, form.action, form.fields);
    expect(again.status).toBe(400);
    expect(again.body).toContain("Invalid state: it was used already");
  });

  it("refuses an expired assertion, another audience, another Recipient", async () => {
    const cases: [Parameters<SamlWorld["okta"]["setResponseOptions"]>[0], string][] = [
      [{ shiftMs: -11 * 60_000 }, "The assertion has expired."],
      [
        { audience: "urn:amazon:cognito:sp:us-east-1_Another1" },
        "The assertion's Audience is not this user pool.",
      ],
      [{ recipient: "https://evil.example/saml2/idpresponse" }, "Recipient does not match the ACS URL."],
    ];
    for (const [options, reason] of cases) {
      world.okta.setResponseOptions(options);
      try {
        const landing = await new Agent().walk(samlAuthorizeUrl(world, "Okta"));
        expect(callbackError(landing)).toEqual(invalidSaml(reason));
        expect(landing.callback?.searchParams.get("state")).toBe("app-state");
      } finally {
        world.okta.setResponseOptions({});
      }
    }
  });

  it("refuses a response posted by another browser (the state's cookie binding)", async () => {
    const form = await untilPost(new Agent(), samlAuthorizeUrl(world, "Okta"));
    const landing = await post(new Agent(), form.action, form.fields);
    expect(landing.status).toBe(400);
    expect(landing.body).toContain("Invalid state");
  });

  it("shows the error page for a response without RelayState, or with garbage", async () => {
    const agent = new Agent();
    const form = await untilPost(agent, samlAuthorizeUrl(world, "Okta"));
    for (const RelayState of ["", "not-a-state"]) {
      const landing = await post(agent, form.action, { SAMLResponse: form.fields.SAMLResponse!, RelayState });
      expect(landing.status).toBe(400);
    }
    const empty = await post(agent, form.action, { RelayState: form.fields.RelayState! });
    expect(empty.body).toContain("Invalid samlResponse or relayState from identity provider");
  });
});

describe("SAML sign-in (IdP-initiated)", () => {
  it("signs in from the IdP when the provider has IDPInit: RelayState = the authorize parameters", async () => {
    world.okta.nextUser({ nameId: "frank", attributes: { email: "frank@corp.example" } });
    const relay = encodeURIComponent(idpInitiatedRelayState(world, "Okta"));
    const claims = await codeOf(await new Agent().walk(`${world.okta.url}/init?RelayState=${relay}`));
    expect(claims["cognito:username"]).toBe("okta_frank");
  });

  it("refuses the same IdP-initiated response twice (the replay cache)", async () => {
    const agent = new Agent();
    world.okta.nextUser({ nameId: "gina" });
    const relay = encodeURIComponent(idpInitiatedRelayState(world, "Okta"));
    const form = await untilPost(agent, `${world.okta.url}/init?RelayState=${relay}`);
    expect((await post(agent, form.action, form.fields)).callback?.searchParams.get("code")).toBeTruthy();
    expect(callbackError(await post(new Agent(), form.action, form.fields))).toEqual(
      invalidSaml("The SAML assertion has been used already."),
    );
  });

  it("refuses an unsolicited response for a provider without IDPInit", async () => {
    const relay = encodeURIComponent(idpInitiatedRelayState(world, "Secure"));
    const landing = await new Agent().walk(`${world.secure.url}/init?RelayState=${relay}`);
    expect(landing.status).toBe(400);
    expect(landing.body).toContain("Invalid samlResponse or relayState from identity provider");
  });

  it("refuses a solicited-looking response (InResponseTo) sent as IdP-initiated", async () => {
    const relay = idpInitiatedRelayState(world, "Okta");
    const samlResponse = await world.okta.response({ nameId: "hal" }, { requestId: "_someone_elses" });
    const landing = await post(new Agent(), world.acs, { SAMLResponse: samlResponse, RelayState: relay });
    expect(callbackError(landing)).toEqual(
      invalidSaml("An IdP-initiated response must not carry InResponseTo."),
    );
  });

  it("validates the RelayState as an authorization request (an unregistered redirect_uri: the error page)", async () => {
    const relay = new URLSearchParams({
      identity_provider: "Okta",
      client_id: world.clientId,
      redirect_uri: "https://evil.example/cb",
      response_type: "code",
    }).toString();
    const samlResponse = await world.okta.response({ nameId: "ivy" });
    const landing = await post(new Agent(), world.acs, { SAMLResponse: samlResponse, RelayState: relay });
    expect(landing.status).toBe(400);
    expect(landing.callback).toBeUndefined();
  });
});

describe("SAML single logout (IDPSignout)", () => {
  it("sends /logout on to the IdP with a signed LogoutRequest, and its LogoutResponse on to the logout URI", async () => {
    const agent = new Agent();
    world.okta.nextUser({ nameId: "jane", sessionIndex: "_sess_jane" });
    expect(
      (await agent.walk(samlAuthorizeUrl(world, "Okta"))).callback?.searchParams.get("code"),
    ).toBeTruthy();
    const before = world.okta.logoutRequests.length;
    const landing = await agent.walk(
      `${world.base}/logout?${new URLSearchParams({ client_id: world.clientId, logout_uri: LOGOUT_URI })}`,
    );
    expect(landing.callback?.href).toBe(LOGOUT_URI);
    expect(landing.visited.some((u) => u.startsWith(`${world.okta.url}/slo?`))).toBe(true);
    expect(landing.visited.at(-1)).toBe(`${world.base}/saml2/logout`);
    const request = world.okta.logoutRequests.slice(before).join("");
    expect(request).toContain(">jane</");
    expect(request).toContain("_sess_jane");
    // The session here ended: a new authorization goes to the IdP again.
    const next = await agent.walk(samlAuthorizeUrl(world, "Okta"));
    expect(next.visited.some((u) => u.startsWith(`${world.okta.url}/sso?`))).toBe(true);
  });

  it("logs out locally only for a provider without IDPSignout", async () => {
    const agent = new Agent();
    world.secure.nextUser({ nameId: "kim" });
    expect(
      (await agent.walk(samlAuthorizeUrl(world, "Secure"))).callback?.searchParams.get("code"),
    ).toBeTruthy();
    const landing = await agent.walk(
      `${world.base}/logout?${new URLSearchParams({ client_id: world.clientId, logout_uri: LOGOUT_URI })}`,
    );
    expect(landing.callback?.href).toBe(LOGOUT_URI);
    expect(landing.visited.some((u) => u.includes("/slo"))).toBe(false);
  });

  it("refuses a LogoutResponse that answers another request", async () => {
    const agent = new Agent();
    world.okta.nextUser({ nameId: "lee" });
    await agent.walk(samlAuthorizeUrl(world, "Okta"));
    const toIdp = await agent.fetch(
      `${world.base}/logout?${new URLSearchParams({ client_id: world.clientId, logout_uri: LOGOUT_URI })}`,
    );
    const relayState = new URL(toIdp.headers.get("location")!).searchParams.get("RelayState")!;
    const landing = await post(agent, `${world.base}/saml2/logout`, {
      SAMLResponse: world.okta.logoutResponse("_not_our_request"),
      RelayState: relayState,
    });
    expect(landing.status).toBe(400);
    expect(landing.body).toContain("InResponseTo does not match the logout request.");
  });
});

describe("deeply nested SAML messages (finding 05): refused cheaply, never a 500", () => {
  // A garbage but well-formed signature over the Response, so every check before the
  // cryptography passes; ~9,000 elements nested inside the assertion, under 100,000 characters.
  const SIGNATURE = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#r1"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>`;
  const NESTED = `${"<a>".repeat(9000)}${"</a>".repeat(9000)}`;
  const deepResponse = () => {
    const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="r1"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${SIGNATURE}<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${NESTED}</saml:Assertion></samlp:Response>`;
    const base64 = Buffer.from(xml).toString("base64");
    expect(base64.length).toBeLessThan(100_000);
    return base64;
  };
  const nestedRefusal = invalidSaml("The XML is nested deeper than 64 elements.");

  it("IdP-initiated (no cookie, no state): Cognito's error at the app", async () => {
    const landing = await post(new Agent(), world.acs, {
      SAMLResponse: deepResponse(),
      RelayState: idpInitiatedRelayState(world, "Okta"),
    });
    expect(callbackError(landing)).toEqual(nestedRefusal);
  });

  it("SP-initiated with the sender's own state: Cognito's error at the app", async () => {
    const agent = new Agent();
    const form = await untilPost(agent, samlAuthorizeUrl(world, "Okta"));
    const landing = await post(agent, form.action, { ...form.fields, SAMLResponse: deepResponse() });
    expect(callbackError(landing)).toEqual(nestedRefusal);
  });

  it("a LogoutResponse at /saml2/logout: the error page", async () => {
    const agent = new Agent();
    world.okta.nextUser({ nameId: "nestor" });
    await agent.walk(samlAuthorizeUrl(world, "Okta"));
    const toIdp = await agent.fetch(
      `${world.base}/logout?${new URLSearchParams({ client_id: world.clientId, logout_uri: LOGOUT_URI })}`,
    );
    const relayState = new URL(toIdp.headers.get("location")!).searchParams.get("RelayState")!;
    const xml = Buffer.from(world.okta.logoutResponse("_any"), "base64")
      .toString("utf8")
      .replace(/<\/samlp:LogoutResponse>\s*$/, `${NESTED}</samlp:LogoutResponse>`);
    expect(xml).toContain("<a><a>");
    const landing = await post(agent, `${world.base}/saml2/logout`, {
      SAMLResponse: Buffer.from(xml).toString("base64"),
      RelayState: relayState,
    });
    expect(landing.status).toBe(400);
    expect(landing.body).toContain(
      "Invalid SAML response received: The XML is nested deeper than 64 elements.",
    );
  });

  it("and the server answers as before afterwards", async () => {
    expect((await fetch(`${world.base}/.well-known/openid-configuration`)).status).toBe(200);
  });
});

// Last in the file: it spends the loopback network's budget for the pool.
describe("failed SAML responses from one network (attack 6, finding 01)", () => {
  it("are budgeted: after at most 20, the next is refused before any verification", async () => {
    const SIGNATURE = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#r1"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue>AAAA</ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue>AAAA</ds:SignatureValue></ds:Signature>`;
    const xml = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="r1"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${SIGNATURE}<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"/></samlp:Response>`;
    const garbage = {
      SAMLResponse: Buffer.from(xml).toString("base64"),
      RelayState: idpInitiatedRelayState(world, "Okta"),
    };
    const throttled = invalidSaml(SAML_THROTTLED);
    // The earlier tests' refusals came from this network too: the budget is partly spent.
    let refused = 0;
    while (refused <= 20) {
      const error = callbackError(await post(new Agent(), world.acs, garbage));
      expect(error?.error).toBe("server_error");
      if (JSON.stringify(error) === JSON.stringify(throttled)) break;
      refused += 1;
    }
    expect(refused).toBeLessThanOrEqual(20);
    expect(callbackError(await post(new Agent(), world.acs, garbage))).toEqual(throttled);
  });
});
