// The password lockout under a burst (issue 19 item 2): 40 parallel USER_PASSWORD_AUTH calls with
// the right password 16th. Each attempt is counted before the password is compared, so at most
// the lockout's 5 wrong ones are compared (before the fix, all 40 were).
import { InitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { client, confirmedUser, poolWithClient, unique, type Target } from "./target.js";

const RIGHT = "Burst-Right-Pass-1";

export async function lockoutBurst(target: Target): Promise<void> {
  const { clientId, poolId } = await poolWithClient(target);
  const username = unique("burst");
  await confirmedUser(target, poolId, username, RIGHT);
  const anyone = client(target, "anyone");
  const started = Date.now();
  const outcomes = await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const PASSWORD = i === 15 ? RIGHT : `Wrong-Pass-${i}-x`;
      try {
        const out = await anyone.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: "USER_PASSWORD_AUTH",
            AuthParameters: { USERNAME: username, PASSWORD },
          }),
        );
        return out.AuthenticationResult === undefined ? "challenge" : "tokens";
      } catch (error) {
        return (error as Error).message;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  // Wrong passwords compared: at most the lockout's 5 (a right one, if it came in time, gives its
  // attempt back), and one more each time a lock ran out before the burst ended: the locks after
  // the 5th, 6th, 7th ... failure last 1 s, 2 s, 4 s ..., so a burst of T seconds (a loaded
  // machine) may compare 5 + floor(log2(T + 1)); under a second, exactly the 5.
  const wrong = outcomes.filter((o) => o === "Incorrect username or password.").length;
  const signedIn = outcomes.filter((o) => o === "tokens").length;
  expect(wrong).toBeLessThanOrEqual(5 + Math.floor(Math.log2(seconds + 1)));
  expect(signedIn).toBeLessThanOrEqual(1);
  expect(outcomes.filter((o) => o === "Password attempts exceeded").length).toBe(40 - wrong - signedIn);
}
