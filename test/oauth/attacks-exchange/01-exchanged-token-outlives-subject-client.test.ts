// Token exchange attack finding 01 (issue 16, fixed): deleting the app client a subject token was issued to kills that token, but not the
// tokens exchanged from it: their client_id is the exchanging client, so liveTokenUser() finds a
// live client and they can be exchanged again (and again) until the original expiry.
import { DeleteUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { appClient } from "../harness.js";
import { user } from "../server.js";
import { CALLBACK, codeTokens, exchangeBy, exchangeFixture, READ, WRITE } from "./fixture.js";

const fx = exchangeFixture();

describe("01 an exchanged token outlives the deletion of the subject's app client", () => {
  it("refuses to re-exchange a token exchanged from a deleted client's token", async () => {
    await user(fx.server, fx.poolId, "bob");
    const compromised = await appClient(fx.server, fx.poolId, {
      ClientName: "compromised-app",
      AllowedOAuthFlows: ["code"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: [READ, WRITE],
      CallbackURLs: [CALLBACK],
      SupportedIdentityProviders: ["COGNITO"],
    });
    const { access_token: subject } = await codeTokens(fx, "bob", [READ, WRITE], compromised);
    const exchanged = await exchangeBy(fx, fx.gateway, subject);
    expect(exchanged.status, exchanged.text).toBe(200);

    // The admin deletes the app client (say, it leaked): its tokens are dead...
    await fx.server.sdk.send(
      new DeleteUserPoolClientCommand({ UserPoolId: fx.poolId, ClientId: compromised.ClientId! }),
    );
    const original = await exchangeBy(fx, fx.gateway, subject);
    expect(original.body).toEqual({
      error: "invalid_request",
      error_description: "subject_token is not acceptable: Access Token has been revoked",
    });
    // ...but what was exchanged from them is still accepted as a subject token.
    const again = await exchangeBy(fx, fx.gateway, String(exchanged.body.access_token));
    expect(again.status, again.text).toBe(400);
    expect(again.body.error).toBe("invalid_request");
  });
});
