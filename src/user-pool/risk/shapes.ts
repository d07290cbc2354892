/** Input shapes of the risk operations, and the stored configuration as RiskConfigurationType. */
import { string } from "../../protocol/json/index.js";
import type { StoredRiskConfiguration } from "./config.js";

/** An app client id, as the risk operations take it. */
export const clientId = () => string({ min: 1, max: 128, pattern: "[\\w+]+", sensitive: true });

/** An event id (the tokens' `event_id`). */
export const eventId = () => string({ required: true, min: 1, max: 50, pattern: "[\\w+-]+" });

/** The FeedbackValue of the feedback operations. */
export const feedbackValue = () => string({ required: true, enum: ["Valid", "Invalid"] });

/** RiskConfigurationType: the stored members, the pool and client ids, and the date. */
export function riskConfigurationType(
  poolId: string,
  clientId: string | undefined,
  stored: StoredRiskConfiguration | undefined,
): Record<string, unknown> {
  const { LastModifiedDate, ...settings } = stored ?? ({} as Partial<StoredRiskConfiguration>);
  return {
    UserPoolId: poolId,
    ...(clientId === undefined ? {} : { ClientId: clientId }),
    ...settings,
    ...(LastModifiedDate === undefined ? {} : { LastModifiedDate: new Date(LastModifiedDate) }),
  };
}
