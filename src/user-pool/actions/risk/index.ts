/**
 * Threat protection's operations (advanced security): risk configuration, auth events and their
 * feedback, exported as one map for the dispatch table in ../../service.ts. What applies at
 * sign-up, password change and sign-in lives in ../../risk/.
 */
import type { Operation } from "../../../protocol/json/index.js";
import type { UserPoolContext } from "../../context.js";
import { adminListUserAuthEvents } from "./admin-list-user-auth-events.js";
import { adminUpdateAuthEventFeedback, updateAuthEventFeedback } from "./auth-event-feedback.js";
import { describeRiskConfiguration } from "./describe-risk-configuration.js";
import { setRiskConfiguration } from "./set-risk-configuration.js";

/**
 * The risk operations, by name.
 */
export function riskOperations(ctx: UserPoolContext): Record<string, Operation> {
  return {
    SetRiskConfiguration: setRiskConfiguration(ctx),
    DescribeRiskConfiguration: describeRiskConfiguration(ctx),
    AdminListUserAuthEvents: adminListUserAuthEvents(ctx),
    AdminUpdateAuthEventFeedback: adminUpdateAuthEventFeedback(ctx),
    UpdateAuthEventFeedback: updateAuthEventFeedback(ctx),
  } as Record<string, Operation>;
}
