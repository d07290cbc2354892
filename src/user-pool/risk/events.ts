/**
 * Auth events with their risk, as stored in the auth-events repository's `data` and as
 * AdminListUserAuthEvents shows them (AuthEventType).
 */
import type { AuthEventRecord } from "../../storage/index.js";
import type { UserPoolContext } from "../context.js";

/** What an event's `data` holds beyond the client id. */
export interface EventRisk {
  decision: "NoRisk" | "AccountTakeover" | "Block";
  level?: "Low" | "Medium" | "High";
  compromised: boolean;
  /** The account-takeover score (0-100) and the signals that made it: why the level is what it is. */
  score?: number;
  signals?: string[];
}

/** What the risk configuration's level tells a sign-in to do. */
export type TakeoverAction = "NO_ACTION" | "MFA_IF_CONFIGURED" | "MFA_REQUIRED" | "BLOCK";

/** A sign-in as threat protection judged it (takeover.ts). */
export interface Assessment {
  /** The id its auth event (and the tokens' `event_id`) will have. */
  eventId: string;
  risk: EventRisk;
  action: TakeoverAction;
  notify: boolean;
}

/** What an auth event's `data` holds. */
export interface EventData {
  clientId?: string;
  ipAddress?: string;
  /** The device's identities (`key:`, `ua:`), its name, and the place, for later sign-ins' risk. */
  devices?: string[];
  deviceName?: string;
  location?: { latitude: number; longitude: number; city?: string; country?: string };
  risk?: EventRisk;
  /** A notification email about this sign-in went out. */
  notified?: boolean;
  challenges?: { ChallengeName: string; ChallengeResponse: string }[];
  feedbackProvider?: string;
  feedbackDate?: number;
}

/**
 * Records an event that threat protection saw (a compromised password, a blocked address).
 */
export async function recordRiskEvent(
  ctx: UserPoolContext,
  event: { poolId: string; sub: string; eventType: string; eventResponse: "Pass" | "Fail"; data: EventData },
): Promise<string> {
  const id = crypto.randomUUID();
  await (await ctx.store()).authEvents.record({
    id,
    ...event,
    data: event.data as Record<string, unknown> as never,
    createdAt: ctx.now(),
  });
  return id;
}

/**
 * An event as Cognito's AuthEventType.
 */
export function authEventType(event: AuthEventRecord): Record<string, unknown> {
  const data = event.data as EventData;
  const risk = data.risk ?? { decision: "NoRisk", compromised: false };
  const context = {
    ...(data.ipAddress === undefined ? {} : { IpAddress: data.ipAddress }),
    ...(data.deviceName === undefined ? {} : { DeviceName: data.deviceName }),
    ...(data.location?.city === undefined ? {} : { City: data.location.city }),
    ...(data.location?.country === undefined ? {} : { Country: data.location.country }),
  };
  return {
    EventId: event.id,
    EventType: event.eventType,
    CreationDate: new Date(event.createdAt),
    EventResponse: event.eventResponse,
    EventRisk: {
      RiskDecision: risk.decision,
      ...(risk.level === undefined ? {} : { RiskLevel: risk.level }),
      CompromisedCredentialsDetected: risk.compromised,
    },
    ChallengeResponses:
      data.challenges ??
      (event.eventType === "SignIn"
        ? [
            {
              ChallengeName: "Password",
              ChallengeResponse: event.eventResponse === "Pass" ? "Success" : "Failure",
            },
          ]
        : []),
    EventContextData: context,
    ...(event.feedback === null
      ? {}
      : {
          EventFeedback: {
            FeedbackValue: event.feedback,
            Provider: data.feedbackProvider ?? "Admin",
            ...(data.feedbackDate === undefined ? {} : { FeedbackDate: new Date(data.feedbackDate) }),
          },
        }),
  };
}
