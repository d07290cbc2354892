// Issue 12's attack review, over the wire against the Node entry: what the sign-in pipeline lets
// through. Each `it` is a finding that fails on the code it was written against (or a guard that holds).
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  ConfirmDeviceCommand,
  ListDevicesCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetRiskConfigurationCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { createHmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import { deviceSecret } from "./device-client.js";
import { rejection, usersServer } from "./users-setup.js";

const env = usersServer();
const PASSWORD = "Ok-Unlisted-4417-quartz";
const ALLOWED = "198.51.100.7";
const BLOCKED = "192.0.2.5";
const BLOCKED_MESSAGE = "Request not allowed due to security reasons.";
const SMS = {
  SmsMfaConfiguration: {
    SmsAuthenticationMessage: "Your code is {####}",
    SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sns-caller" },
  },
};

const context = (IpAddress: string) => ({
  IpAddress,
  ServerName: "app.example",
  ServerPath: "/login",
  HttpHeaders: [{ headerName: "user-agent", headerValue: "attack12" }],
});

// An ENFORCED pool with SMS MFA on and 192.0.2.0/24 blocked; one user with a phone number.
async function blockedRangePool(username: string, phone: string) {
  const { UserPool } = await env.admin().send(
    new CreateUserPoolCommand({
      PoolName: "attack12",
      UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" },
    }),
  );
  const poolId = UserPool!.Id!;
  await env.admin().send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: poolId,
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      ...SMS,
    }),
  );
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  await env.admin().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "phone_number", Value: phone },
        { Name: "phone_number_verified", Value: "true" },
      ],
    }),
  );
  await env.admin().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  await env.admin().send(
    new AdminSetUserMFAPreferenceCommand({
      UserPoolId: poolId,
      Username: username,
      SMSMfaSettings: { Enabled: true, PreferredMfa: true },
    }),
  );
  await env.admin().send(
    new SetRiskConfigurationCommand({
      UserPoolId: poolId,
      RiskExceptionConfiguration: { BlockedIPRangeList: ["192.0.2.0/24"] },
    }),
  );
  const initiate = (from: string) =>
    env.admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD },
        ContextData: context(from),
      }),
    );
  const answer = (from: string, ChallengeName: string, Session: string, responses: Record<string, string>) =>
    env.admin().send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: ChallengeName as never,
        Session,
        ChallengeResponses: { USERNAME: username, ...responses },
        ContextData: context(from),
      }),
    );
  return { poolId, clientId, initiate, answer };
}

describe("blocked address ranges on every answer", () => {
  it("guard: the first factor from a blocked range is refused", async () => {
    const { initiate } = await blockedRangePool("ann", "+15555550101");
    expect(await rejection(initiate(BLOCKED))).toMatchObject({
      name: "NotAuthorizedException",
      message: BLOCKED_MESSAGE,
    });
  });

  // FINDING: the MFA answers (codeAnswer in sign-in/flows.ts) have no screenAddress step, unlike
  // PASSWORD_VERIFIER and NEW_PASSWORD_REQUIRED: a Session started from an allowed address can be
  // answered from a blocked one, and tokens are issued.
  it("refuses an SMS_MFA answer sent from a blocked range", async () => {
    const { initiate, answer } = await blockedRangePool("bob", "+15555550102");
    const started = await initiate(ALLOWED);
    expect(started.ChallengeName).toBe("SMS_MFA");
    const code = env.lastMessageTo("+15555550102").code!;
    const outcome = await answer(BLOCKED, "SMS_MFA", started.Session!, { SMS_MFA_CODE: code }).then(
      (r) => ({ tokens: r.AuthenticationResult?.AccessToken !== undefined }),
      (e: Error) => ({ name: e.name, message: e.message }),
    );
    expect(outcome).toEqual({ name: "NotAuthorizedException", message: BLOCKED_MESSAGE });
  });
});

describe("the hand-call messages", () => {
  // FINDING: SerializationException quotes V8's JSON.parse message, which shows the text around
  // the error: a hand-built InitiateAuth with an unquoted password gets the password back in the
  // error message (which clients log). config.ts already keeps only the position for this reason.
  it("SerializationException does not quote the request body", async () => {
    const res = await fetch(`${env.url()}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
      },
      body: '{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"abc","AuthParameters":{"USERNAME":"ann","PASSWORD":hunter2-Secret}}',
    });
    const body = (await res.json()) as { __type: string; Message: string };
    expect(body.__type).toBe("SerializationException");
    expect(body.Message).toMatch(/^The request body is not valid JSON: /);
    expect(body.Message).not.toContain("hunter2");
  });
});

describe("unconfirmed devices (guards that held)", () => {
  it("one user's sign-ins never evict another's pending device; no user confirms or lists another's", async () => {
    const poolId = await env.newPool({
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    });
    const { UserPoolClient } = await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const clientId = UserPoolClient!.ClientId!;
    const signIn = async (Username: string) =>
      (
        await env.admin().send(
          new AdminInitiateAuthCommand({
            UserPoolId: poolId,
            ClientId: clientId,
            AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: Username, PASSWORD },
          }),
        )
      ).AuthenticationResult!;
    for (const Username of ["uma", "vik"]) {
      await env
        .admin()
        .send(new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: "SUPPRESS" }));
      await env.admin().send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username,
          Password: PASSWORD,
          Permanent: true,
        }),
      );
    }
    const uma = await signIn("uma");
    const umaDevice = uma.NewDeviceMetadata!;
    let vik = await signIn("vik");
    for (let i = 0; i < 11; i++) vik = await signIn("vik");
    const confirm = async (AccessToken: string, meta: typeof umaDevice) =>
      env.anyone().send(
        new ConfirmDeviceCommand({
          AccessToken,
          DeviceKey: meta.DeviceKey!,
          DeviceSecretVerifierConfig: (await deviceSecret(meta)).config,
          DeviceName: "x",
        }),
      );
    // Another user's pending key: refused, and it stays pending for its owner.
    expect((await rejection(confirm(vik.AccessToken!, umaDevice))).name).toBe("ResourceNotFoundException");
    await confirm(uma.AccessToken!, umaDevice);
    const listed = await env.anyone().send(new ListDevicesCommand({ AccessToken: vik.AccessToken! }));
    expect(listed.Devices ?? []).toEqual([]);
  });
});

describe("SECRET_HASH on the answers", () => {
  // FINDING: answerPrelude's checkAnswerSecretHash accepts a hash over whatever USERNAME the answer
  // names, and nothing ties that USERNAME to the Session's user. SECRET_HASH has no nonce, so a
  // (USERNAME, SECRET_HASH) pair seen once for any user answers any other user's Session without
  // the client secret: the confidential client's proof is not bound to the user it answers for.
  it("refuses a SECRET_HASH over another user's name in a NEW_PASSWORD_REQUIRED answer", async () => {
    const poolId = await env.newPool();
    const { UserPoolClient } = await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "confidential",
        GenerateSecret: true,
        ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    const clientId = UserPoolClient!.ClientId!;
    const hashOf = (name: string) =>
      createHmac("sha256", UserPoolClient!.ClientSecret!)
        .update(name + clientId)
        .digest("base64");
    await env.admin().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: "ann",
        TemporaryPassword: PASSWORD,
        MessageAction: "SUPPRESS",
      }),
    );
    const started = await env.admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "ann", PASSWORD, SECRET_HASH: hashOf("ann") },
      }),
    );
    expect(started.ChallengeName).toBe("NEW_PASSWORD_REQUIRED");
    // The hash the attacker holds is for "zed" (their own account, say), not for "ann".
    const outcome = await env
      .admin()
      .send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: "NEW_PASSWORD_REQUIRED",
          Session: started.Session,
          ChallengeResponses: {
            USERNAME: "zed",
            SECRET_HASH: hashOf("zed"),
            NEW_PASSWORD: "Brand-New-Pass-2!x",
          },
        }),
      )
      .then(
        (r) => ({ tokens: r.AuthenticationResult?.AccessToken !== undefined }),
        (e: Error) => ({ name: e.name }),
      );
    expect(outcome).toEqual({ name: "NotAuthorizedException" });
  });
});

describe("the request's Host", () => {
  // FINDING (low, documentation vs behaviour): docs/configuration.md says COGNATE_PUBLIC_URL
  // defaults to "the server's address", and the start log prints that address as the public url,
  // but without it every client's Host header picks the issuer: of the discovery document (and its
  // jwks_uri, sent without Vary or Cache-Control) and of the tokens it signs, production included.
  it("does not let a client's Host header name the discovery document's issuer and jwks_uri", async () => {
    const poolId = await env.newPool();
    const { port } = new URL(env.url());
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port,
          path: `/${poolId}/.well-known/openid-configuration`,
          headers: { host: "evil.example" },
        },
        (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => resolve(text));
        },
      );
      req.on("error", reject);
      req.end();
    });
    const doc = JSON.parse(body) as { issuer: string; jwks_uri: string };
    expect(doc.jwks_uri).not.toContain("evil.example");
    expect(doc.issuer).not.toContain("evil.example");
  });
});

describe("visitor-location headers (a guard)", () => {
  it("drops cf-ip* headers a client sends itself (no trusted proxy): the event has no city", async () => {
    const poolId = await env.newPool({ UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } });
    const { UserPoolClient } = await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "app",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    await env
      .admin()
      .send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "cal", MessageAction: "SUPPRESS" }));
    await env.admin().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: "cal",
        Password: PASSWORD,
        Permanent: true,
      }),
    );
    const res = await fetch(`${env.url()}/`, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.InitiateAuth",
        "cf-iplatitude": "48.85",
        "cf-iplongitude": "2.35",
        "cf-ipcity": "Spoofville",
        "cf-ipcountry": "FR",
      },
      body: JSON.stringify({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: UserPoolClient!.ClientId,
        AuthParameters: { USERNAME: "cal", PASSWORD },
      }),
    });
    expect(res.status).toBe(200);
    const { AuthEvents } = await env
      .admin()
      .send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: "cal" }));
    expect(AuthEvents?.[0]?.EventContextData?.City).toBeUndefined();
  });
});

describe("Sessions (guards that held)", () => {
  it("a Session answered as another challenge, or at another client, is refused and not used up; a used one is spent", async () => {
    const { poolId, initiate, answer } = await blockedRangePool("dan", "+15555550104");
    const { UserPoolClient } = await env.admin().send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "other",
        ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH"],
      }),
    );
    const started = await initiate(ALLOWED);
    expect(started.ChallengeName).toBe("SMS_MFA");
    const code = env.lastMessageTo("+15555550104").code!;
    for (const kind of ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "NEW_PASSWORD_REQUIRED", "DEVICE_SRP_AUTH"])
      expect(
        (
          await rejection(
            answer(ALLOWED, kind, started.Session!, { SMS_MFA_CODE: code, SOFTWARE_TOKEN_MFA_CODE: code }),
          )
        ).message,
        kind,
      ).toBe("Invalid session for the user.");
    const elsewhere = env.admin().send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: UserPoolClient!.ClientId!,
        ChallengeName: "SMS_MFA",
        Session: started.Session,
        ChallengeResponses: { USERNAME: "dan", SMS_MFA_CODE: code },
      }),
    );
    expect((await rejection(elsewhere)).message).toBe("Invalid session for the user.");
    const done = await answer(ALLOWED, "SMS_MFA", started.Session!, { SMS_MFA_CODE: code });
    expect(done.AuthenticationResult?.AccessToken).toBeDefined();
    expect((await rejection(answer(ALLOWED, "SMS_MFA", started.Session!, { SMS_MFA_CODE: code }))).name).toBe(
      "NotAuthorizedException",
    );
  });
});
