import { describe, expect, it } from "vitest";
import { DeliveryError, type OutboundMessage } from "../../delivery/message.js";
import type { ClientRecord, PoolRecord, UserRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";
import { importMasterKey } from "../../runtime/master-key.js";
import { isFeedbackToken } from "./feedback-token.js";
import { notifyUser } from "./notify.js";

const MASTER = Buffer.alloc(32, 7).toString("base64");
const NOW = Date.UTC(2026, 10, 27, 9, 30);

function context(sent: OutboundMessage[], fail = false, publicUrl?: string) {
  return {
    ...(publicUrl === undefined ? {} : { publicUrl }),
    masterKey: () => importMasterKey(MASTER),
    now: () => NOW,
    issuer: (poolId: string) => `https://id.example.com/${poolId}`,
    sender: {
      send: async (message: OutboundMessage) =>
        fail ? Promise.reject(new DeliveryError("down")) : void sent.push(message),
    },
  } as unknown as UserPoolContext;
}

const pool = (notify?: Record<string, unknown>) =>
  ({
    id: "us-east-1_Pool1",
    config:
      notify === undefined
        ? {}
        : {
            RiskConfigurations: {
              "": {
                AccountTakeoverRiskConfiguration: { NotifyConfiguration: notify, Actions: {} },
                LastModifiedDate: 0,
              },
            },
          },
  }) as unknown as PoolRecord;
const user = (email?: string) =>
  ({
    username: "<ann>",
    sub: "sub-1",
    poolId: "us-east-1_Pool1",
    attributes: email === undefined ? {} : { email },
  }) as unknown as UserRecord;
const seen = {
  ip: "203.0.113.9",
  userAgent: "Chrome/150",
  location: { latitude: 1, longitude: 2, city: "Sydney", country: "AU" },
};

// The sign-in a notice reports, written flat: its client by id, its user beside it.
type Flat = {
  pool: PoolRecord;
  clientId: string;
  user: UserRecord;
  eventId: string;
  seen?: typeof seen;
  requestUrl: string;
};
const notice = (
  ctx: UserPoolContext,
  { clientId, user, ...signIn }: Flat,
  outcome: "BLOCK" | "MFA" | "NO_ACTION",
) => notifyUser(ctx, { ...signIn, client: { id: clientId } as ClientRecord }, user, outcome);

describe("notifyUser", () => {
  it("writes cognate's own words with both links when the pool has no template", async () => {
    const sent: OutboundMessage[] = [];
    const ctx = context(sent);
    expect(
      await notice(
        ctx,
        {
          pool: pool(),
          clientId: "c1",
          user: user("ann@example.com"),
          eventId: "ev-1",
          seen,
          requestUrl: "http://127.0.0.1/",
        },
        "BLOCK",
      ),
    ).toBe(true);
    const [mail] = sent;
    expect(mail).toMatchObject({
      channel: "EMAIL",
      to: "ann@example.com",
      subject: "We blocked a sign-in to your account",
    });
    expect(mail!.html).toBeUndefined();
    expect(mail!.body).toContain("Address: 203.0.113.9 (Sydney, AU)");
    expect(mail!.body).toContain("Time: Fri, 27 Nov 2026 09:30:00 GMT");
    const links = [...mail!.body.matchAll(/https:\/\/\S+/g)].map((m) => new URL(m[0]));
    expect(
      links.map((l) => [
        l.pathname,
        l.searchParams.get("value"),
        l.searchParams.get("username"),
        l.searchParams.get("event_id"),
      ]),
    ).toEqual([
      ["/us-east-1_Pool1/feedback", "Valid", "<ann>", "ev-1"],
      ["/us-east-1_Pool1/feedback", "Invalid", "<ann>", "ev-1"],
    ]);
    expect(
      await isFeedbackToken(ctx, "us-east-1_Pool1", "sub-1", "ev-1", links[0]!.searchParams.get("token")!),
    ).toBe(true);
  });

  it("fills the pool's template, escapes values in HTML only, keeps unknown braces, and honours ReplyTo", async () => {
    const sent: OutboundMessage[] = [];
    const notify = {
      ReplyTo: "security@example.com",
      MfaEmail: {
        Subject: "Code asked of {username}",
        HtmlBody: "<p>{username} from {city} {unknown}</p>",
        TextBody: "{username} {feedback-token}",
      },
    };
    await notice(
      context(sent),
      {
        pool: pool(notify),
        clientId: "c1",
        user: user("ann@example.com"),
        eventId: "ev-2",
        seen,
        requestUrl: "http://x/",
      },
      "MFA",
    );
    expect(sent[0]).toMatchObject({
      subject: "Code asked of <ann>",
      html: "<p>&#60;ann&#62; from Sydney {unknown}</p>",
      replyTo: "security@example.com",
    });
    expect(sent[0]!.body).toMatch(/^<ann> [A-Za-z0-9_-]{43}$/);
  });

  it("keeps request data from starting a header in the subject, or an attribute in an unquoted HTML one", async () => {
    const sent: OutboundMessage[] = [];
    const notify = {
      MfaEmail: {
        Subject: "Sign-in from {device-name}",
        HtmlBody: "<p title={device-name}>Device: {device-name}</p>",
      },
    };
    const hostile = { ...seen, userAgent: "Chrome\r\nBcc: x@evil.example onmouseover=alert(1)" };
    await notice(
      context(sent),
      {
        pool: pool(notify),
        clientId: "c1",
        user: user("ann@example.com"),
        eventId: "ev-4",
        seen: hostile,
        requestUrl: "http://x/",
      },
      "MFA",
    );
    expect(sent[0]!.subject).toBe("Sign-in from Chrome  Bcc: x@evil.example onmouseover=alert(1)");
    const html = sent[0]!.html!;
    // One attribute, and the whole value inside it: no space, quote or = of the caller's survives.
    expect(html.match(/<p [^>]*>/)![0]).toMatch(/^<p title=[^\s"'=>]+>$/);
    expect(html).not.toMatch(/\sonmouseover=/);
  });

  it("makes a text body from an HTML-only template", async () => {
    const sent: OutboundMessage[] = [];
    await notice(
      context(sent),
      {
        pool: pool({ NoActionEmail: { Subject: "New sign-in", HtmlBody: "<p>Hello <b>{username}</b></p>" } }),
        clientId: "c1",
        user: user("ann@example.com"),
        eventId: "ev-3",
        requestUrl: "http://x/",
      },
      "NO_ACTION",
    );
    expect(sent[0]).toMatchObject({ body: "Hello <ann>", html: "<p>Hello <b>&#60;ann&#62;</b></p>" });
  });

  it("sends nothing to a user without an address, and swallows a failed delivery", async () => {
    const sent: OutboundMessage[] = [];
    expect(
      await notice(
        context(sent),
        { pool: pool(), clientId: "c1", user: user(), eventId: "ev-4", requestUrl: "http://x/" },
        "BLOCK",
      ),
    ).toBe(false);
    expect(sent).toEqual([]);
    expect(
      await notice(
        context(sent, true),
        {
          pool: pool(),
          clientId: "c1",
          user: user("ann@example.com"),
          eventId: "ev-5",
          requestUrl: "http://x/",
        },
        "BLOCK",
      ),
    ).toBe(false);
  });

  it("builds links on the public URL only, never on a Host the caller chose", async () => {
    const sent: OutboundMessage[] = [];
    const event = {
      pool: pool(),
      clientId: "c1",
      user: user("ann@example.com"),
      eventId: "ev-6",
      seen,
      requestUrl: "http://evil.example/",
    };
    await notice(context(sent), event, "BLOCK");
    expect(sent[0]!.body).not.toContain("http");
    expect(sent[0]!.body).toContain("If it was not you, change your password.");
    const templated = { BlockEmail: { Subject: "Blocked", TextBody: "[{one-click-link-invalid}]" } };
    await notice(context(sent), { ...event, pool: pool(templated) }, "BLOCK");
    expect(sent[1]!.body).toBe("[]");
    await notice(context(sent, false, "https://id.example.org/"), event, "BLOCK");
    const links = [...sent[2]!.body.matchAll(/https?:\/\/\S+/g)].map((m) => new URL(m[0]));
    expect(links.map((l) => l.origin + l.pathname)).toEqual([
      "https://id.example.org/us-east-1_Pool1/feedback",
      "https://id.example.org/us-east-1_Pool1/feedback",
    ]);
  });
});
