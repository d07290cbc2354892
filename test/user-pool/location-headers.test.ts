// Cloudflare's visitor-location headers in front of Node are believed only from a trusted proxy:
// from any other client, a sign-in's auth event carries no place the client wrote itself.
import {
  AdminListUserAuthEventsCommand,
  CreateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { adminUser, PLACES } from "./adaptive-helpers.js";
import { usersServer } from "./users-setup.js";

const PARIS = {
  "cf-iplatitude": "48.8566",
  "cf-iplongitude": "2.3522",
  "cf-ipcity": "Paris",
  "cf-ipcountry": "FR",
};

function suite(name: string, env: Record<string, string>, expected: Record<string, unknown>) {
  describe(name, () => {
    const server = usersServer(env);
    it("records the sign-in's place accordingly", async () => {
      const poolId = await server.newPool({ UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } });
      const { UserPoolClient } = await server.admin().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: "app",
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      );
      await adminUser(server, poolId, "lou", PLACES.PASSWORD);
      const response = await fetch(server.url(), {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
          ...PARIS,
        },
        body: JSON.stringify({
          AuthFlow: "USER_PASSWORD_AUTH",
          ClientId: UserPoolClient!.ClientId,
          AuthParameters: { USERNAME: "lou", PASSWORD: PLACES.PASSWORD },
        }),
      });
      expect(response.status).toBe(200);
      const { AuthEvents } = await server
        .admin()
        .send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "lou" }));
      expect(AuthEvents![0]!.EventContextData).toMatchObject(expected);
      if (!("City" in expected)) expect(AuthEvents![0]!.EventContextData?.City).toBeUndefined();
    });
  });
}

suite("from a client that is not a trusted proxy", {}, { IpAddress: expect.any(String) });
suite(
  "from a trusted proxy (COGNATE_TRUSTED_PROXIES)",
  { COGNATE_TRUSTED_PROXIES: "127.0.0.1, ::1" },
  { City: "Paris", Country: "FR" },
);
