// The federation gaps closed after the first wave, over HTTP against the loopback stand-ins: the
// `identities` claim whatever the scopes (and userInfo's `identities`), an IdP ID token's
// `at_hash`, the https-on-443/80 rule for an OIDC IdP's endpoints, the sign-in page's corporate
// e-mail box for SAML providers with IdpIdentifiers, and federated sign-ins under threat protection.
import {
  AdminListUserAuthEventsCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  SetRiskConfigurationCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { pemPair, samlifyIdp } from "../../src/user-pool/federation/saml-fixture.testing.js";
import { passwordUser as createUser } from "../oauth/server.js";
import {
  Agent,
  APP_CALLBACK,
  authorizeUrl,
  callbackError,
  exchange,
  federationWorld,
  perFile,
} from "./harness.js";

const world = perFile(federationWorld);

/** Signs in through `provider` with `extra` authorization parameters; the token response. */
async function tokensVia(provider: string, extra: Record<string, string> = {}) {
  const landing = await new Agent().walk(authorizeUrl(world, provider, extra));
  const code = landing.callback?.searchParams.get("code");
  expect(code, JSON.stringify(callbackError(landing))).toEqual(expect.any(String));
  const { status, json } = await exchange(world, code!);
  expect(status).toBe(200);
  return json;
}

const userInfo = async (accessToken: unknown) => {
  const response = await fetch(`${world.base}/oauth2/userInfo`, {
    headers: { authorization: `Bearer ${String(accessToken)}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
};

describe("the identities claim and userInfo's identities", () => {
  it("are in the ID token of an `openid email` sign-in (no profile), and in userInfo as the stored string", async () => {
    world.oidc.nextSubject("hedy", { email: "hedy@corp.example", name: "Hedy Lamarr" });
    const tokens = await tokensVia("Corp", { scope: "openid email" });
    const claims = decodeJwt(String(tokens.id_token));
    // The scope narrows the attributes to email alone, as before; identities stays (Cognito [obs]).
    expect(claims.email).toBe("hedy@corp.example");
    expect(claims.name).toBeUndefined();
    expect(claims.identities).toEqual([
      expect.objectContaining({
        userId: "hedy",
        providerName: "Corp",
        providerType: "OIDC",
        primary: "true",
      }),
    ]);
    const info = await userInfo(tokens.access_token);
    // Cognito's order [obs]: sub, identities, the attributes, username.
    const keys = Object.keys(info);
    expect([keys[0], keys[1], keys.at(-1)]).toEqual(["sub", "identities", "username"]);
    expect(typeof info.identities).toBe("string");
    const stored = JSON.parse(String(info.identities)) as Record<string, unknown>[];
    expect(stored).toEqual([
      expect.objectContaining({
        userId: "hedy",
        providerName: "Corp",
        primary: true,
        dateCreated: expect.any(Number),
      }),
    ]);
  });

  it("are in userInfo for `openid profile email` too, and never for a native user", async () => {
    world.oidc.nextSubject("hedy", { email: "hedy@corp.example", name: "Hedy Lamarr" });
    const tokens = await tokensVia("Corp");
    const info = await userInfo(tokens.access_token);
    expect(info.identities).toEqual(expect.any(String));
    expect(info.name).toBe("Hedy Lamarr");
    // A native user's tokens (the refresh of a native sign-in is not needed: userInfo reads the user).
    await createUser(world.server, world.poolId, "native-nia", "Passw0rd!x", { email: "nia@example.test" });
    const { AuthenticationResult } = await world.server.sdk.send(
      new InitiateAuthCommand({
        ClientId: (await nativeClient()).id,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "native-nia", PASSWORD: "Passw0rd!x" },
      }),
    );
    expect(decodeJwt(AuthenticationResult!.IdToken!).identities).toBeUndefined();
  });
});

let native: { id: string; secret: string } | undefined;
async function nativeClient() {
  native ??= await world.client({
    SupportedIdentityProviders: ["COGNITO"],
    ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    GenerateSecret: false,
  });
  return native;
}

describe("an IdP ID token's at_hash", () => {
  it("is accepted when it is the hash of the access token that came with it", async () => {
    world.rogue.next("at-hash", "hashed");
    const tokens = await tokensVia("Rogue");
    expect(decodeJwt(String(tokens.id_token))["cognito:username"]).toBe("rogue_hashed");
  });

  it("refuses the sign-in when it is another access token's", async () => {
    world.rogue.next("wrong-at-hash", "swapped");
    const landing = await new Agent().walk(authorizeUrl(world, "Rogue"));
    expect(landing.callback?.searchParams.has("code")).toBe(false);
    expect(landing.callback?.searchParams.get("state")).toBe("app-state");
    const { error, description } = callbackError(landing);
    expect(error).toBe("invalid_request");
    expect(description).toMatch(/^Rogue Error - Invalid id_token: "at_hash" does not match the access token/);
  });
});

describe("an OIDC IdP's endpoints: https on port 443 or 80", () => {
  const details = {
    client_id: "c",
    client_secret: "s",
    authorize_scopes: "openid",
    attributes_request_method: "GET",
    oidc_issuer: "https://idp.example.com",
  };
  const create = (name: string, over: Record<string, string>) =>
    world.server.sdk
      .send(
        new CreateIdentityProviderCommand({
          UserPoolId: world.poolId,
          ProviderName: name,
          ProviderType: "OIDC",
          ProviderDetails: { ...details, ...over },
        }),
      )
      .then(
        () => "created",
        (e: Error) => `${e.name}: ${e.message}`,
      );

  it("refuses another port or scheme on Create, for each of the five endpoints", async () => {
    for (const key of ["oidc_issuer", "authorize_url", "token_url", "attributes_url", "jwks_uri"]) {
      expect(await create("PortIdp", { [key]: "https://idp.example.com:8443/x" })).toBe(
        `InvalidParameterException: ${key} must be an https URL on port 443 or 80${key === "oidc_issuer" ? " without a trailing /" : ""}.`,
      );
      expect(await create("PortIdp", { [key]: "http://idp.example.com/x" })).toMatch(
        new RegExp(`^InvalidParameterException: ${key} must be an https URL`),
      );
    }
    expect(await create("Port443", { oidc_issuer: "https://idp.example.com:443" })).toBe("created");
    expect(await create("Port80", { token_url: "https://idp.example.com:80/token" })).toBe("created");
  });

  it("refuses it on Update too; loopback only under federation.allowLoopbackHttp (on here)", async () => {
    const update = (over: Record<string, string>) =>
      world.server.sdk
        .send(
          new UpdateIdentityProviderCommand({
            UserPoolId: world.poolId,
            ProviderName: "Port443",
            ProviderDetails: { ...details, ...over },
          }),
        )
        .then(
          () => "updated",
          (e: Error) => `${e.name}: ${e.message}`,
        );
    expect(await update({ jwks_uri: "https://keys.example.com:444/jwks" })).toBe(
      "InvalidParameterException: jwks_uri must be an https URL on port 443 or 80.",
    );
    expect(await update({ jwks_uri: "http://127.0.0.1:9/jwks" })).toBe("updated");
  });
});

describe("the sign-in page's corporate e-mail box (SAML providers with IdpIdentifiers)", () => {
  const SSO_ORIGIN = "https://idp-a.example";
  let boxClient: { id: string; secret: string };
  let samlOnly: { id: string; secret: string };
  let mixed: { id: string; secret: string };

  beforeAll(async () => {
    const saml = async (name: string, base: string, identifiers?: string[]) =>
      world.server.sdk.send(
        new CreateIdentityProviderCommand({
          UserPoolId: world.poolId,
          ProviderName: name,
          ProviderType: "SAML",
          ProviderDetails: { MetadataFile: samlifyIdp(await pemPair(), { base }).getMetadata() },
          AttributeMapping: { email: "email" },
          ...(identifiers === undefined ? {} : { IdpIdentifiers: identifiers }),
        }),
      );
    await saml("CorpSaml", SSO_ORIGIN, ["saml.example", "Mixed.Example", "boss@special.example"]);
    await saml("OtherSaml", "https://idp-b.example", ["other.example"]);
    await saml("PlainSaml", "https://idp-c.example");
    boxClient = await world.client({ SupportedIdentityProviders: ["COGNITO", "Google", "CorpSaml"] });
    samlOnly = await world.client({ SupportedIdentityProviders: ["CorpSaml"] });
    mixed = await world.client({ SupportedIdentityProviders: ["COGNITO", "CorpSaml", "PlainSaml"] });
  });

  const query = (clientId: string) =>
    new URLSearchParams({
      response_type: "code",
      client_id: clientId,
      redirect_uri: APP_CALLBACK,
      scope: "openid email",
      state: "app-state",
    });
  /** The sign-in page for the client, through /oauth2/authorize: the response and its body. */
  async function signInPage(agent: Agent, clientId: string) {
    const start = await agent.fetch(`${world.base}/oauth2/authorize?${query(clientId)}`);
    expect(start.status).toBe(302);
    const page = await agent.fetch(new URL(start.headers.get("location")!, world.base));
    return { page, html: await page.text() };
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
  const buttons = (html: string) => [...html.matchAll(/id="idp-([^"]+)"/g)].map((m) => m[1]);
  const postEmail = (agent: Agent, clientId: string, fields: Record<string, string>) =>
    agent.fetch(`${world.base}/login?${query(clientId)}`, new URLSearchParams(fields));
  /** The box filled in with `email` (none: left empty) and sent, from a fresh browser's page. */
  async function submitEmail(clientId: string, email?: string, agent = new Agent()) {
    const { html } = await signInPage(agent, clientId);
    const fields = { _csrf: csrfOf(html), challenge: "IDP_IDENTIFIER" };
    return postEmail(agent, clientId, email === undefined ? fields : { ...fields, email });
  }

  it("shows the box instead of the SAML buttons when every SAML provider of the client has identifiers", async () => {
    const { page, html } = await signInPage(new Agent(), boxClient.id);
    expect(page.status).toBe(200);
    expect(html).toContain('name="cognitoIdpIdentifierForm"');
    expect(html).toContain('name="cognitoSignInForm"');
    expect(buttons(html)).toEqual(["Google"]);
    // The box's POST goes on to the SAML IdP: the page's form-action allows that hop.
    expect(page.headers.get("content-security-policy")).toMatch(
      /form-action 'self' https:\/\/app\.example https:\/\/idp-a\.example/,
    );
    // One SAML provider without identifiers: buttons, no box.
    const plain = await signInPage(new Agent(), mixed.id);
    expect(plain.html).not.toContain("cognitoIdpIdentifierForm");
    expect(buttons(plain.html)).toEqual(["CorpSaml", "PlainSaml"]);
  });

  it("sends the address's domain on as idp_identifier, and /oauth2/authorize to the SAML IdP", async () => {
    for (const [email, identifier] of [
      ["ada@saml.example", "saml.example"],
      ["Ada@Saml.Example", "saml.example"],
      ["boss@special.example", "boss@special.example"],
    ] as const) {
      const agent = new Agent();
      const posted = await submitEmail(boxClient.id, email, agent);
      expect(posted.status, email).toBe(303);
      const next = new URL(posted.headers.get("location")!, world.base);
      expect(next.pathname).toBe(`/${world.poolId}/oauth2/authorize`);
      expect(Object.fromEntries(next.searchParams)).toEqual({
        ...Object.fromEntries(query(boxClient.id)),
        idp_identifier: identifier,
      });
      const toIdp = await agent.fetch(next);
      expect(toIdp.status).toBe(302);
      const sso = new URL(toIdp.headers.get("location")!);
      expect(`${sso.origin}${sso.pathname}`).toBe(`${SSO_ORIGIN}/sso`);
      expect(sso.searchParams.get("SAMLRequest")).toEqual(expect.any(String));
    }
  });

  it("answers every address it cannot route alike: unknown, another client's, not SAML, malformed", async () => {
    const pages: string[] = [];
    for (const email of [
      "bob@nowhere.example",
      "bob@other.example", // OtherSaml: not this client's
      "bob@corp.example", // Corp: an OIDC provider's identifier
      "bob@MIXED.EXAMPLE", // identifiers match as stored (or the domain lower-cased)
      "not an address;<script>",
    ]) {
      const posted = await submitEmail(boxClient.id, email);
      expect(posted.status, email).toBe(400);
      const body = await posted.text();
      expect(body).toContain("No identity provider is set up for this email address.");
      expect(body).not.toContain("<script>");
      pages.push(body.replace(/name="_csrf" value="[^"]+"/, "").replace(/value="[^"]*"/g, ""));
    }
    expect(new Set(pages).size).toBe(1);
    // An empty box: asked to fill it in.
    const empty = await submitEmail(boxClient.id);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Enter your corporate email address.");
  });

  it("takes no POST without the page's CSRF token", async () => {
    const agent = new Agent();
    await signInPage(agent, boxClient.id);
    const forged = await postEmail(agent, boxClient.id, {
      challenge: "IDP_IDENTIFIER",
      email: "ada@saml.example",
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.get("location")).toBeNull();
    // Another browser's token does not do either.
    const other = await signInPage(new Agent(), boxClient.id);
    const replayed = await postEmail(agent, boxClient.id, {
      _csrf: csrfOf(other.html),
      challenge: "IDP_IDENTIFIER",
      email: "ada@saml.example",
    });
    expect(replayed.status).toBe(403);
  });

  it("serves a client without COGNITO: the box alone, which works; its password form stays refused", async () => {
    const agent = new Agent();
    const { page, html } = await signInPage(agent, samlOnly.id);
    expect(page.status).toBe(200);
    expect(html).toContain("cognitoIdpIdentifierForm");
    expect(html).not.toContain("cognitoSignInForm");
    expect(buttons(html)).toEqual([]);
    const posted = await postEmail(agent, samlOnly.id, {
      _csrf: csrfOf(html),
      challenge: "IDP_IDENTIFIER",
      email: "ada@saml.example",
    });
    expect(posted.status).toBe(303);
    const password = await postEmail(agent, samlOnly.id, {
      _csrf: csrfOf(html),
      username: "a",
      password: "b",
    });
    expect(password.status).toBe(302);
    expect(new URL(password.headers.get("location")!).searchParams.get("error")).toBe("unauthorized_client");
  });
});

describe("federated sign-ins and threat protection", () => {
  it("are not judged: MFA and threat protection apply to local users [doc]; the sign-in is recorded", async () => {
    const { UserPoolClient } = await world.server.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: world.poolId,
        ClientName: "risk",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    await world.server.sdk.send(
      new UpdateUserPoolCommand({
        UserPoolId: world.poolId,
        UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
      }),
    );
    const block = { EventAction: "BLOCK", Notify: true } as const;
    await world.server.sdk.send(
      new SetRiskConfigurationCommand({
        UserPoolId: world.poolId,
        AccountTakeoverRiskConfiguration: {
          Actions: { LowAction: block, MediumAction: block, HighAction: block },
        },
        RiskExceptionConfiguration: {
          BlockedIPRangeList: ["127.0.0.0/8", "::1/128", "::ffff:127.0.0.0/104"],
        },
      }),
    );
    try {
      // The control: a local user's sign-in from this address is refused.
      await createUser(world.server, world.poolId, "local-lia", "Passw0rd!x", { email: "lia@example.test" });
      await expect(
        world.server.sdk.send(
          new InitiateAuthCommand({
            ClientId: UserPoolClient!.ClientId!,
            AuthFlow: "USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: "local-lia", PASSWORD: "Passw0rd!x" },
          }),
        ),
      ).rejects.toMatchObject({ name: "NotAuthorizedException" });

      // A federated sign-in from the same address goes through, and its event says so.
      world.oidc.nextSubject("rosa", { email: "rosa@corp.example" });
      const tokens = await tokensVia("Corp");
      const claims = decodeJwt(String(tokens.id_token));
      expect(claims["cognito:username"]).toBe("corp_rosa");
      const { AuthEvents } = await world.server.sdk.send(
        new AdminListUserAuthEventsCommand({ UserPoolId: world.poolId, Username: "corp_rosa" }),
      );
      expect(AuthEvents).toHaveLength(1);
      expect(AuthEvents![0]).toMatchObject({
        EventId: claims.event_id,
        EventType: "SignIn",
        EventResponse: "Pass",
        EventRisk: { RiskDecision: "NoRisk", CompromisedCredentialsDetected: false },
      });
      // No password was checked, so no Password challenge is claimed; the request's address is kept.
      expect(AuthEvents![0]!.ChallengeResponses ?? []).toEqual([]);
      expect(AuthEvents![0]!.EventRisk!.RiskLevel).toBeUndefined();
      expect(AuthEvents![0]!.EventContextData?.IpAddress).toMatch(/127\.0\.0\.1|::1/);
    } finally {
      await world.server.sdk.send(
        new UpdateUserPoolCommand({
          UserPoolId: world.poolId,
          UserPoolAddOns: { AdvancedSecurityMode: "OFF" },
        }),
      );
    }
  });
});
