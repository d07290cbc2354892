// A device the hosted UI remembers, inside workerd on D1: the emailed MFA code on /login, the
// device remembered without asking (DeviceOnlyRememberedOnUserPrompt false) and bound to the
// browser by its cookie (the keyed hash on the Workers' WebCrypto), then the next sign-in in that
// browser without MFA, its code granted for the device.
import { describe, expect, it } from "vitest";
import { authorizationCodeHash } from "../../src/oauth/code-hash.js";
import { codeFlowPool, codeFlowQuery, d1UserPool, hostedUiApp } from "./in-process.js";

const PASSWORD = "Edge-Passw0rd!";

describe("remembered devices on the hosted pages inside workerd (D1)", () => {
  it("MFA once, the device remembered by its cookie, then a sign-in without MFA that names the device", async () => {
    const { ctx, sent, call } = d1UserPool();
    const { poolId, clientId } = await codeFlowPool(call, {
      PoolName: "edge-devices",
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: false },
    });
    await call("SetUserPoolMfaConfig", {
      UserPoolId: poolId,
      MfaConfiguration: "OPTIONAL",
      EmailMfaConfiguration: { Message: "Your code is {####}", Subject: "Sign-in code" },
    });
    const username = "edge-dev";
    await call("AdminCreateUser", {
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: "edge-dev@example.com" },
        { Name: "email_verified", Value: "true" },
      ],
    });
    await call("AdminSetUserPassword", {
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    });
    await call("AdminSetUserMFAPreference", {
      UserPoolId: poolId,
      Username: username,
      EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    });

    const app = hostedUiApp(ctx);
    const query = codeFlowQuery(clientId, { prompt: "login" });
    const url = `https://cognate.test/${poolId}/login?${query}`;
    const jar = new Map<string, string>();
    const request = async (init?: RequestInit) => {
      const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
      const response = await app.request(url, {
        ...init,
        headers: {
          ...(init?.headers as Record<string, string>),
          cookie,
          "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        },
      });
      for (const line of response.headers.getSetCookie()) {
        const [name, value] = line.split(";")[0]!.split("=");
        jar.set(name!, value!);
      }
      return response;
    };
    const post = async (html: string, fields: Record<string, string>) => {
      const hidden = Object.fromEntries(
        [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]),
      );
      return request({
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ ...hidden, ...fields }).toString(),
      });
    };
    const signIn = async () => post(await (await request()).text(), { username, password: PASSWORD });

    const challenged = await signIn();
    expect(challenged.status).toBe(200);
    const page = await challenged.text();
    expect(page).toContain('name="challenge" value="EMAIL_OTP"');
    const code = sent.filter((m) => m.to === "edge-dev@example.com").at(-1)?.code;
    const passed = await post(page, { code: code! });
    expect(passed.status).toBe(303);
    expect(passed.headers.getSetCookie().some((c) => c.startsWith(`__Host-cognito-device-${poolId}=`))).toBe(
      true,
    );
    const { Devices } = await call("AdminListDevices", { UserPoolId: poolId, Username: username });
    expect(Devices).toHaveLength(1);
    expect(Devices[0].DeviceAttributes).toContainEqual({ Name: "device_name", Value: "Firefox on Linux" });

    const again = await signIn();
    expect(again.status).toBe(303);
    expect(new URL(again.headers.get("location")!).searchParams.get("code")).toMatch(/^[\w-]{43}$/);
    expect(sent.filter((m) => m.to === "edge-dev@example.com")).toHaveLength(1);
    const granted = await (await ctx.store()).oauthCodes.find(
      await authorizationCodeHash(
        await ctx.masterKey(),
        poolId,
        new URL(again.headers.get("location")!).searchParams.get("code")!,
      ),
    );
    expect(granted?.grant).toMatchObject({ amr: ["pwd"], deviceKey: Devices[0].DeviceKey });
  });
});
