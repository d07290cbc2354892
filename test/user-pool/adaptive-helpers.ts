// What the adaptive-authentication suites share: places to sign in from (the address, User-Agent
// and Cloudflare location headers an app server passes on in ContextData), a pool with threat
// protection and its risk configuration, and confirmed users with a verified email address.
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminListUserAuthEventsCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  SetRiskConfigurationCommand,
  type AuthEventType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { usersServer } from "./users-setup.js";

type Env = ReturnType<typeof usersServer>;

const LONDON = {
  ip: "198.51.100.7",
  agent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
  lat: "51.5074",
  lon: "-0.1278",
  city: "London",
  country: "GB",
};
const SYDNEY = {
  ip: "203.0.113.9",
  agent: "Mozilla/5.0 (Windows NT 10.0) Chrome/150.0",
  lat: "-33.8688",
  lon: "151.2093",
  city: "Sydney",
  country: "AU",
};
export const PLACES = {
  PASSWORD: "Adaptive-Pass-2026",
  BLOCKED: "Unable to login because of security reasons.",
  LONDON,
  SYDNEY,
};
export type Place = Partial<typeof LONDON> & { ip: string };

export const ACTIONS = {
  LowAction: { EventAction: "MFA_IF_CONFIGURED", Notify: false },
  MediumAction: { EventAction: "MFA_REQUIRED", Notify: true },
  HighAction: { EventAction: "BLOCK", Notify: true },
} as const;
const NOTIFY = {
  SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/security@example.com",
  ReplyTo: "security@example.com",
  BlockEmail: {
    Subject: "Blocked sign-in for {username}",
    TextBody:
      "Blocked from {ip-address} in {city}, {country}. Not you? {one-click-link-invalid} You? {one-click-link-valid}",
    HtmlBody: '<p>Blocked from <b>{city}</b>: <a href="{one-click-link-invalid}">not me</a></p>',
  },
  MfaEmail: {
    Subject: "We asked {username} for a code",
    TextBody: "A sign-in from {ip-address} was asked for MFA. Event {event-id}.",
  },
};

/** ContextData as an app server passes it on for a user at `where`. */
export function contextAt(where: Place) {
  const headers = [
    ["user-agent", where.agent],
    ["cf-iplatitude", where.lat],
    ["cf-iplongitude", where.lon],
    ["cf-ipcity", where.city],
    ["cf-ipcountry", where.country],
  ]
    .filter(([, value]) => value !== undefined)
    .map(([headerName, headerValue]) => ({ headerName: headerName!, headerValue: headerValue! }));
  return { IpAddress: where.ip, ServerName: "app.example", ServerPath: "/login", HttpHeaders: headers };
}

export async function adminUser(env: Env, poolId: string, username: string, password: string): Promise<void> {
  await env.admin().send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: "SUPPRESS",
      UserAttributes: [
        { Name: "email", Value: `${username}@example.com` },
        { Name: "email_verified", Value: "true" },
      ],
    }),
  );
  await env.admin().send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
}

/** A pool with threat protection (ENFORCED: the ACTIONS above, notifications on) and a client for admin sign-ins. */
export async function adaptivePool(env: Env, mode: "AUDIT" | "ENFORCED", flows: string[] = []) {
  const poolId = await env.newPool({ UserPoolAddOns: { AdvancedSecurityMode: mode } });
  const { UserPoolClient } = await env.admin().send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "app",
      ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", ...flows] as never,
    }),
  );
  const clientId = UserPoolClient!.ClientId!;
  if (mode === "ENFORCED") {
    await env.admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        AccountTakeoverRiskConfiguration: { Actions: ACTIONS, NotifyConfiguration: NOTIFY },
      }),
    );
  }
  const signIn = (username: string, where: Place, password = PLACES.PASSWORD) =>
    env.admin().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: username, PASSWORD: password },
        ContextData: contextAt(where),
      }),
    );
  const events = async (username: string): Promise<AuthEventType[]> =>
    (await env.admin().send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username: username })))
      .AuthEvents ?? [];
  return {
    poolId,
    clientId,
    signIn,
    events,
    user: (name: string) => adminUser(env, poolId, name, PLACES.PASSWORD),
  };
}
