// What a provider's sign-ins still grant once the provider is deleted (finding 02 of attack 5):
// codes not yet exchanged, refresh tokens (token endpoint and API) and the browser session's
// silent sign-in end with it, as they do when the client drops it. A provider re-created under the
// same name takes over the old one's users (Cognito keys identities on the name): documented.
import {
  CreateIdentityProviderCommand,
  DeleteIdentityProviderCommand,
  GetTokensFromRefreshTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { Agent, APP_CALLBACK, callbackError, exchange, federationWorld, perFile } from "./harness.js";

const world = perFile(federationWorld);

const createRogue = (name: string) =>
  world.server.sdk.send(
    new CreateIdentityProviderCommand({
      UserPoolId: world.poolId,
      ProviderName: name,
      ProviderType: "OIDC",
      ProviderDetails: {
        client_id: "rogue-client",
        client_secret: "rogue-secret",
        authorize_scopes: "openid email",
        attributes_request_method: "POST",
        oidc_issuer: world.rogue.url,
      },
      AttributeMapping: { email: "email" },
    }),
  );
const deleteProvider = (name: string) =>
  world.server.sdk.send(new DeleteIdentityProviderCommand({ UserPoolId: world.poolId, ProviderName: name }));

const authorize = (clientId: string, extra: Record<string, string>) =>
  `${world.base}/oauth2/authorize?${new URLSearchParams({
    response_type: "code",
    client_id: clientId,
    redirect_uri: APP_CALLBACK,
    scope: "openid email",
    ...extra,
  })}`;

async function codeThrough(clientId: string, provider: string, subject: string, agent = new Agent()) {
  world.rogue.next("good", subject);
  const landing = await agent.walk(authorize(clientId, { identity_provider: provider }));
  const code = landing.callback?.searchParams.get("code");
  if (!code)
    throw new Error(`no code: ${JSON.stringify(callbackError(landing))} ${landing.body?.slice(0, 200)}`);
  return code;
}

const refreshAtTokenEndpoint = (client: { id: string; secret: string }, token: string) =>
  fetch(`${world.base}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: token,
      client_id: client.id,
      client_secret: client.secret,
    }),
  }).then(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, unknown> }));

const refreshByApi = (client: { id: string; secret: string }, token: string) =>
  world.server.sdk
    .send(
      new GetTokensFromRefreshTokenCommand({
        ClientId: client.id,
        ClientSecret: client.secret,
        RefreshToken: token,
      }),
    )
    .then(
      () => "refreshed",
      (e: Error) => `${e.name}: ${e.message}`,
    );

describe("a deleted identity provider", () => {
  it("ends its pending codes, its refresh tokens and its browser sessions' silent sign-in", async () => {
    await createRogue("Gone");
    const client = await world.client({
      SupportedIdentityProviders: ["COGNITO", "Gone"],
      ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
    });
    const agent = new Agent();
    const used = await codeThrough(client.id, "Gone", "gone-1", agent);
    const pending = await codeThrough(client.id, "Gone", "gone-1");
    const tokens = await exchange(world, used, client);
    expect(tokens.status).toBe(200);
    const refreshToken = String(tokens.json.refresh_token);
    // The baseline, while the provider exists: each way works.
    expect((await refreshAtTokenEndpoint(client, refreshToken)).status).toBe(200);
    expect(await refreshByApi(client, refreshToken)).toBe("refreshed");
    const silent = await agent.walk(authorize(client.id, { prompt: "none" }));
    expect(silent.callback?.searchParams.get("code")).toEqual(expect.any(String));

    await deleteProvider("Gone");
    expect(await exchange(world, pending, client)).toEqual({
      status: 400,
      json: { error: "invalid_grant", error_description: "The client no longer supports Gone sign-in" },
    });
    const refreshed = await refreshAtTokenEndpoint(client, refreshToken);
    expect(refreshed.status).toBe(400);
    expect(refreshed.json.error).toBe("invalid_grant");
    expect(await refreshByApi(client, refreshToken)).toBe("NotAuthorizedException: Invalid Refresh Token");
    expect(callbackError(await agent.walk(authorize(client.id, { prompt: "none" })))).toEqual({
      error: "interaction_required",
      description: "The user's session does not meet the request's max_age or acr_values",
    });
  });

  it("re-created under the same name for another IdP, signs the old users in (Cognito's keying; documented)", async () => {
    await createRogue("Partner");
    const client = await world.client({ SupportedIdentityProviders: ["Partner"] });
    const first = await exchange(world, await codeThrough(client.id, "Partner", "p-1"), client);
    await deleteProvider("Partner");
    await createRogue("Partner");
    const second = await exchange(world, await codeThrough(client.id, "Partner", "p-1"), client);
    const [a, b] = [first, second].map((t) => decodeJwt(String(t.json.id_token)));
    expect(b!.sub).toBe(a!.sub);
    expect(b!["cognito:username"]).toBe("partner_p-1");
  });
});
