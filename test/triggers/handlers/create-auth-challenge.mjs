// Create auth challenge: email a one-time answer (AWS's example sends it with SES; this appends it
// to the mailbox file). A retry in the same session keeps the answer already sent.
import { appendFileSync } from "node:fs";
import { randomInt } from "node:crypto";

export const handler = async (event) => {
  let answer;
  const previous = event.request.session.filter((c) => c.challengeName === "CUSTOM_CHALLENGE").at(-1);
  if (previous?.challengeMetadata?.startsWith("CODE-")) {
    answer = previous.challengeMetadata.slice(5);
  } else {
    answer = String(randomInt(0, 1_000_000)).padStart(6, "0");
    appendFileSync(
      process.env.TRIGGER_MAILBOX,
      `${JSON.stringify({ to: event.request.userAttributes.email, userName: event.userName, answer })}\n`,
    );
  }
  event.response.publicChallengeParameters = { email: event.request.userAttributes.email };
  event.response.privateChallengeParameters = { answer };
  event.response.challengeMetadata = `CODE-${answer}`;
  return event;
};
