// Post confirmation: record the new user (AWS's example writes to DynamoDB; this appends a line).
import { appendFileSync } from "node:fs";

export const handler = async (event) => {
  if (event.request.userAttributes["cognito:user_status"] === "CONFIRMED") {
    appendFileSync(
      process.env.TRIGGER_RECORDS,
      `${JSON.stringify({
        source: event.triggerSource,
        pool: event.userPoolId,
        userName: event.userName,
        sub: event.request.userAttributes.sub,
        email: event.request.userAttributes.email,
      })}\n`,
    );
  }
  return event;
};
