/**
 * Threat protection's notification emails: when a risk level's action has `Notify`, the user is
 * told of the sign-in (blocked, challenged, or let through) with the NotifyConfiguration's
 * template for that outcome, its placeholders filled, and one-click links that report the
 * sign-in as theirs (Valid) or not (Invalid) on the pool's feedback page.
 */
import type { UserRecord } from "../../storage/index.js";
import { DeliveryError } from "../../delivery/message.js";
import type { UserPoolContext } from "../context.js";
import { effectiveRiskConfiguration } from "./config.js";
import { feedbackToken } from "./feedback-token.js";
import type { SignIn } from "../sign-in/state.js";
import { escapeHtml } from "../../util/html.js";
import { headerText } from "../../delivery/header-guard.js";
import { sendTakeoverNotice, sentByTrigger } from "../triggers/custom-sender.js";

/** What a notice reads of the sign-in it reports. */
type Noticed = Pick<SignIn, "pool" | "client" | "seen" | "requestUrl" | "eventId" | "background">;

/** What the user is told happened. */
export type Outcome = "BLOCK" | "MFA" | "NO_ACTION";

interface Template {
  Subject: string;
  TextBody?: string;
  HtmlBody?: string;
}

const TEMPLATE_OF = { BLOCK: "BlockEmail", MFA: "MfaEmail", NO_ACTION: "NoActionEmail" } as const;

const DEFAULTS: Record<Outcome, { subject: string; lead: string }> = {
  BLOCK: {
    subject: "We blocked a sign-in to your account",
    lead: "We blocked a sign-in to your account that did not look like you.",
  },
  MFA: {
    subject: "A sign-in to your account needed a second factor",
    lead: "A sign-in to your account did not look like you, so it was asked for your second factor.",
  },
  NO_ACTION: {
    subject: "New sign-in to your account",
    lead: "Your account was signed in to in a way we have not seen before.",
  },
};

function defaultText(outcome: Outcome, links: boolean): string {
  const close = links
    ? [
        `If this was you, confirm it: {one-click-link-valid}`,
        `If it was not, tell us and change your password: {one-click-link-invalid}`,
      ]
    : [`If it was not you, change your password.`];
  return [
    `Hello {username},`,
    ``,
    DEFAULTS[outcome].lead,
    `Time: {login-time}`,
    `Device: {device-name}`,
    `Address: {ip-address} ({city}, {country})`,
    ``,
    ...close,
  ].join("\n");
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Where the one-click links point: the configured public URL. A request's Host is the caller's
 * to choose, so without one links are made only on loopback (development), else left out: a
 * password holder must not be able to mail the victim a genuine notice linking to their site.
 */
function linkBase(ctx: UserPoolContext, poolId: string, requestUrl: string): string | undefined {
  if (ctx.publicUrl !== undefined) return `${ctx.publicUrl.replace(/\/+$/, "")}/${poolId}`;
  return LOOPBACK.has(new URL(requestUrl).hostname) ? ctx.issuer(poolId, requestUrl) : undefined;
}

/** The one-click feedback link of an event: the pool's feedback page, which asks before it records. */
export function feedbackLink(
  issuer: string,
  username: string,
  eventId: string,
  token: string,
  value: "Valid" | "Invalid",
): string {
  const query = new URLSearchParams({ username, event_id: eventId, token, value });
  return `${issuer}/feedback?${query}`;
}

/**
 * Sends the notification of one judged sign-in (its `eventId` names the event the links report)
 * to the user's email address (none: nothing is sent). A failed delivery never fails the
 * sign-in it reports.
 */
export async function notifyUser(
  ctx: UserPoolContext,
  signIn: Noticed,
  user: UserRecord,
  outcome: Outcome,
): Promise<boolean> {
  const event = { ...signIn, user, eventId: signIn.eventId! };
  const to = event.user.attributes.email;
  if (to === undefined || to === "") return false;
  const notify = effectiveRiskConfiguration(event.pool, event.client.id)?.AccountTakeoverRiskConfiguration
    ?.NotifyConfiguration as
    | (Partial<Record<(typeof TEMPLATE_OF)[Outcome], Template>> & { ReplyTo?: string })
    | undefined;
  const template = notify?.[TEMPLATE_OF[outcome]];
  const token = await feedbackToken(ctx, event.pool.id, event.user.sub, event.eventId);
  const base = linkBase(ctx, event.pool.id, event.requestUrl);
  const values: Record<string, string> = {
    "{username}": event.user.username,
    "{ip-address}": event.seen?.ip ?? "unknown",
    "{city}": event.seen?.location?.city ?? "unknown",
    "{country}": event.seen?.location?.country ?? "unknown",
    "{login-time}": new Date(ctx.now()).toUTCString(),
    "{device-name}": event.seen?.userAgent ?? "unknown",
    "{event-id}": event.eventId,
    "{feedback-token}": token,
    "{one-click-link-valid}":
      base === undefined ? "" : feedbackLink(base, event.user.username, event.eventId, token, "Valid"),
    "{one-click-link-invalid}":
      base === undefined ? "" : feedbackLink(base, event.user.username, event.eventId, token, "Invalid"),
  };
  // A pool with a custom email sender sends no email itself: the sender gets the notice's facts.
  if (sentByTrigger(event.pool, "EMAIL"))
    return sendTakeoverNotice(
      ctx,
      event.pool,
      event.user,
      {
        eventId: event.eventId,
        username: event.user.username,
        ipAddress: values["{ip-address}"]!,
        action: outcome,
        linkValid: values["{one-click-link-valid}"]!,
        linkInvalid: values["{one-click-link-invalid}"]!,
        loginTime: values["{login-time}"]!,
        feedbackToken: token,
        city: event.seen?.location?.city,
        country: event.seen?.location?.country,
        deviceName: event.seen?.userAgent,
      },
      { clientId: event.client.id, background: event.background },
    ).then(
      () => true,
      // As a failed email: the sign-in it reports goes on.
      () => false,
    );
  const fill = (text: string, encode: (value: string) => string) =>
    text.replace(/\{[a-z-]+\}/g, (name) => (name in values ? encode(values[name]!) : name));
  const text =
    template?.TextBody ??
    (template?.HtmlBody === undefined ? defaultText(outcome, base !== undefined) : undefined);
  try {
    await ctx.sender.send({
      at: new Date(ctx.now()).toISOString(),
      channel: "EMAIL",
      to,
      userPoolId: event.pool.id,
      username: event.user.username,
      subject: headerText(fill(template?.Subject ?? DEFAULTS[outcome].subject, (v) => v)),
      body: fill(text ?? template!.HtmlBody!.replace(/<[^>]*>/g, ""), (v) => v),
      ...(template?.HtmlBody === undefined ? {} : { html: fill(template.HtmlBody, escapeHtml) }),
      ...(notify?.ReplyTo === undefined ? {} : { replyTo: notify.ReplyTo }),
    });
    return true;
  } catch (error) {
    if (error instanceof DeliveryError) return false;
    throw error;
  }
}
