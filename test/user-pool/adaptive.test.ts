// Adaptive authentication through the AWS SDK against the Node entry: sign-ins scored from what
// AdminInitiateAuth's ContextData shows (address, User-Agent, Cloudflare's location headers),
// recorded under AUDIT, acted on under ENFORCED (MFA_IF_CONFIGURED, MFA_REQUIRED, BLOCK), the
// notification emails with their one-click links, and the feedback page those links open.
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  SetRiskConfigurationCommand,
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { rejection, usersServer } from "./users-setup.js";
import { adaptivePool, PLACES } from "./adaptive-helpers.js";

const listDir = mkdtempSync(join(tmpdir(), "cognate-risky-"));
writeFileSync(join(listDir, "risky.netset"), "# known-bad addresses\n233.252.0.0/24\n");
const env = usersServer({ COGNATE_RISKY_IPS_FILE: join(listDir, "risky.netset") });

const { PASSWORD, BLOCKED, LONDON, SYDNEY } = PLACES;
const pool = (mode: "AUDIT" | "ENFORCED") => adaptivePool(env, mode);

describe("adaptive authentication under AUDIT", () => {
  it("keeps request data from starting a header in the notice's subject, or an attribute in its HTML", async () => {
    const { poolId, signIn, user } = await pool("ENFORCED");
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        AccountTakeoverRiskConfiguration: {
          Actions: {
            LowAction: { EventAction: "NO_ACTION", Notify: false },
            MediumAction: { EventAction: "BLOCK", Notify: true },
            HighAction: { EventAction: "BLOCK", Notify: true },
          },
          NotifyConfiguration: {
            SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/security@example.com",
            BlockEmail: {
              Subject: "Blocked: {device-name}",
              HtmlBody: "<p title={device-name}>Blocked</p>",
              TextBody: "Blocked: {device-name}",
            },
          },
        },
      }),
    );
    await user("ian");
    await signIn("ian", LONDON);
    const hostile = { ...SYDNEY, agent: "Evil\r\nBcc: thief@evil.example onmouseover=alert(1)" };
    expect((await rejection(signIn("ian", hostile))).message).toBe(BLOCKED);
    const notice = env.lastMessageTo("ian@example.com");
    expect(notice.subject).toBe("Blocked: Evil  Bcc: thief@evil.example onmouseover=alert(1)");
    expect((notice as { html?: string }).html!.match(/<p [^>]*>/)![0]).toMatch(/^<p title=[^\s"'=>]+>$/);
  });

  it("scores each sign-in from what ContextData shows, records it, and lets it through", async () => {
    const { signIn, events, user } = await pool("AUDIT");
    await user("ada");
    expect((await signIn("ada", LONDON)).AuthenticationResult?.AccessToken).toBeDefined();
    // Seconds later from Sydney, on another browser: a new device, network and an impossible trip.
    expect((await signIn("ada", SYDNEY)).AuthenticationResult?.AccessToken).toBeDefined();
    expect((await signIn("ada", LONDON)).AuthenticationResult?.AccessToken).toBeDefined();
    const [back, away, first] = await events("ada");
    expect(first!.EventRisk).toEqual({ RiskDecision: "NoRisk", CompromisedCredentialsDetected: false });
    expect(first!.EventContextData).toEqual({
      IpAddress: LONDON.ip,
      DeviceName: LONDON.agent,
      City: "London",
      Country: "GB",
    });
    expect(away).toMatchObject({
      EventResponse: "Pass",
      EventRisk: { RiskDecision: "AccountTakeover", RiskLevel: "High" },
      EventContextData: { IpAddress: SYDNEY.ip, City: "Sydney", Country: "AU" },
    });
    // Back home: the device and network are known, and London to Sydney and back is as impossible as the way out.
    expect(back!.EventRisk).toMatchObject({ RiskDecision: "AccountTakeover" });
    expect(env.outbox().filter((m) => m.to === "ada@example.com")).toEqual([]);
  });
});

describe("adaptive authentication of admin calls without ContextData", () => {
  it("takes no address signal from the app server's own address", async () => {
    const { poolId, clientId, signIn, events, user } = await pool("AUDIT");
    await user("hal");
    await signIn("hal", LONDON);
    await env.admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "hal", PASSWORD },
      }),
    );
    expect((await events("hal"))[0]!.EventRisk).toEqual({
      RiskDecision: "NoRisk",
      CompromisedCredentialsDetected: false,
    });
  });
});

describe("adaptive authentication under ENFORCED", () => {
  it("blocks a High risk sign-in, emails the user links that report it, and the page records the report on POST only", async () => {
    const { poolId, signIn, events, user } = await pool("ENFORCED");
    await user("bob");
    await signIn("bob", LONDON);
    const error = await rejection(signIn("bob", SYDNEY));
    expect({ name: error.name, message: error.message }).toEqual({
      name: "NotAuthorizedException",
      message: BLOCKED,
    });
    const [refused] = await events("bob");
    expect(refused).toMatchObject({
      EventResponse: "Fail",
      EventRisk: { RiskDecision: "AccountTakeover", RiskLevel: "High" },
    });

    const mail = env.lastMessageTo("bob@example.com");
    expect(mail.subject).toBe("Blocked sign-in for bob");
    expect(mail.body).toContain(`Blocked from ${SYDNEY.ip} in Sydney, AU.`);
    const links = [...mail.body.matchAll(/https?:\/\/\S+/g)].map((m) => new URL(m[0]));
    expect(links.map((l) => l.searchParams.get("value"))).toEqual(["Invalid", "Valid"]);
    const invalid = links[0]!;
    expect(invalid.pathname).toBe(`/${poolId}/feedback`);
    expect(invalid.searchParams.get("event_id")).toBe(refused!.EventId);
    expect((mail as { html?: string }).html).toContain("<b>Sydney</b>");

    // Opening the link (as a mail scanner would) asks, and records nothing.
    const shown = await fetch(invalid);
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(await shown.text()).toContain('<form method="post">');
    expect((await events("bob"))[0]!.EventFeedback).toBeUndefined();

    // A forged token is refused; the real one records the user's report.
    const form = (token: string) =>
      new URLSearchParams({ ...Object.fromEntries(invalid.searchParams), token });
    const forged = await fetch(invalid.origin + invalid.pathname, {
      method: "POST",
      body: form("A".repeat(43)),
    });
    expect(forged.status).toBe(400);
    const posted = await fetch(invalid.origin + invalid.pathname, {
      method: "POST",
      body: form(invalid.searchParams.get("token")!),
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain("not yours");
    expect((await events("bob"))[0]!.EventFeedback).toMatchObject({
      FeedbackValue: "Invalid",
      Provider: "User",
    });
  });

  it("blocks an address on the known-bad list, however familiar the rest", async () => {
    const { signIn, user } = await pool("ENFORCED");
    await user("cy");
    await signIn("cy", LONDON);
    const error = await rejection(signIn("cy", { ...LONDON, ip: "233.252.0.5" }));
    expect(error.message).toBe(BLOCKED);
    expect(env.lastMessageTo("cy@example.com").body).toContain("233.252.0.5");
  });

  it("lets a Low risk sign-in through when the user has no factor (MFA_IF_CONFIGURED)", async () => {
    const { signIn, events, user } = await pool("ENFORCED");
    await user("dee");
    await signIn("dee", LONDON);
    const moved = await signIn("dee", { ...LONDON, ip: "192.0.2.10" });
    expect(moved.AuthenticationResult?.AccessToken).toBeDefined();
    expect((await events("dee"))[0]!.EventRisk).toMatchObject({
      RiskDecision: "AccountTakeover",
      RiskLevel: "Low",
    });
  });

  it("asks for TOTP at Medium risk (MFA_REQUIRED), blocks a user without a factor, and counts failed passwords", async () => {
    const { poolId, clientId, signIn, events, user } = await pool("ENFORCED");
    await env.admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    await user("eve");
    await user("fay");
    const first = await signIn("eve", LONDON);
    await signIn("fay", LONDON);
    const { SecretCode } = await env
      .anyone()
      .send(new AssociateSoftwareTokenCommand({ AccessToken: first.AuthenticationResult!.AccessToken! }));
    await env.anyone().send(
      new VerifySoftwareTokenCommand({
        AccessToken: first.AuthenticationResult!.AccessToken!,
        UserCode: await generate({ secret: SecretCode! }),
      }),
    );
    await env.admin().send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: "eve",
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
      }),
    );

    // Four wrong passwords (4 x 8) and a new network (25): Medium.
    const away = { ...LONDON, ip: "192.0.2.44" };
    for (const name of ["eve", "fay"])
      for (let i = 0; i < 4; i++)
        expect((await rejection(signIn(name, away, "Wrong-Pass-0000"))).name).toBe("NotAuthorizedException");
    expect((await rejection(signIn("fay", away))).message).toBe(BLOCKED);
    expect(env.lastMessageTo("fay@example.com").subject).toBe("Blocked sign-in for fay");

    // Optional MFA that eve never made preferred is asked for all the same.
    const challenge = await signIn("eve", away);
    expect(challenge.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    expect((await events("eve"))[0]).toMatchObject({
      EventResponse: "InProgress",
      EventRisk: { RiskLevel: "Medium" },
    });
    expect(env.lastMessageTo("eve@example.com")).toMatchObject({ subject: "We asked eve for a code" });
    const code = await generate({ secret: SecretCode!, epoch: Math.floor(Date.now() / 1000) + 30 });
    const done = await env.admin().send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: "SOFTWARE_TOKEN_MFA",
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: "eve", SOFTWARE_TOKEN_MFA_CODE: code },
      }),
    );
    const eventId = JSON.parse(
      Buffer.from(done.AuthenticationResult!.AccessToken!.split(".")[1]!, "base64url").toString(),
    ).event_id as string;
    const [settled] = await events("eve");
    expect(settled).toMatchObject({
      EventId: eventId,
      EventResponse: "Pass",
      EventRisk: { RiskDecision: "AccountTakeover", RiskLevel: "Medium" },
    });
    expect(settled!.ChallengeResponses).toEqual([
      { ChallengeName: "Password", ChallengeResponse: "Success" },
      { ChallengeName: "Mfa", ChallengeResponse: "Success" },
    ]);
  });

  it("sends a code to the user's address at Low risk when the pool sends email codes, even with MFA off (MFA_IF_CONFIGURED)", async () => {
    const { poolId, clientId, signIn, events, user } = await pool("ENFORCED");
    await env.admin().send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OFF",
        EmailMfaConfiguration: { Subject: "Sign-in code", Message: "Code: {####}" },
      }),
    );
    await user("gus");
    await signIn("gus", LONDON);
    const challenge = await signIn("gus", { ...LONDON, ip: "192.0.2.10" });
    expect(challenge.ChallengeName).toBe("EMAIL_OTP");
    const message = env.lastMessageTo("gus@example.com");
    expect(message.subject).toBe("Sign-in code");
    const wrong = await rejection(
      env.admin().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: clientId,
          ChallengeName: "EMAIL_OTP",
          Session: challenge.Session,
          ChallengeResponses: {
            USERNAME: "gus",
            EMAIL_OTP_CODE: message.code === "000000" ? "111111" : "000000",
          },
        }),
      ),
    );
    expect(wrong.name).toBe("CodeMismatchException");
    const done = await env.admin().send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        ChallengeName: "EMAIL_OTP",
        Session: challenge.Session,
        ChallengeResponses: { USERNAME: "gus", EMAIL_OTP_CODE: message.code! },
      }),
    );
    const claims = JSON.parse(
      Buffer.from(done.AuthenticationResult!.AccessToken!.split(".")[1]!, "base64url").toString(),
    ) as { amr: string[] };
    expect(claims.amr).toEqual(["pwd", "mfa", "otp"]);
    expect((await events("gus"))[0]).toMatchObject({
      EventResponse: "Pass",
      EventRisk: { RiskLevel: "Low" },
    });
  });

  it("answers the feedback page's bad input with a page, never a 500", async () => {
    const { poolId } = await pool("ENFORCED");
    const page = `${env.url()}/${poolId}/feedback`;
    const valid = { username: "nobody", event_id: "e-1", token: "A".repeat(43), value: "Invalid" };
    expect((await fetch(`${page}?${new URLSearchParams({ ...valid, value: "Maybe" })}`)).status).toBe(400);
    expect((await fetch(`${page}?username=x`)).status).toBe(400);
    expect((await fetch(page, { method: "POST", body: new URLSearchParams(valid) })).status).toBe(400); // no such user
    expect(
      (
        await fetch(`${env.url()}/us-east-1_Nowhere00/feedback`, {
          method: "POST",
          body: new URLSearchParams(valid),
        })
      ).status,
    ).toBe(400);
    expect((await fetch(page, { method: "POST", body: "x=".padEnd(10_000, "y") })).status).toBe(400);
    expect(
      (await fetch(page, { method: "POST", body: new URLSearchParams({ ...valid, event_id: "<script>" }) }))
        .status,
    ).toBe(400);
    expect((await fetch(`${env.url()}/not-a-pool/feedback`)).status).toBe(404);
  });
});
