// The limits on codes, on every target: failed attempts counted per user and purpose across
// reissued codes (a new code buys no new guesses, and the right code is refused while locked),
// a parallel burst of guesses that gets exactly five comparisons, and five codes sent an hour.
import {
  CodeMismatchException,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  ForgotPasswordCommand,
  LimitExceededException,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { client, confirmedUser, FLOWS, poolWithClient, rejection, unique, type Target } from "./target.js";

const PASSWORD = "Limits1Pass";
const RESET = "Limits2Reset";
const LIMIT = "Attempt limit exceeded, please try after some time.";
const wrongCode = (code: string, i = 0) => String((Number(code) + 1 + i) % 1_000_000).padStart(6, "0");

/** ForgotPassword/ConfirmForgotPassword against the limits, and an unknown name behind PreventUserExistenceErrors. */
export async function codeLimits(target: Target): Promise<void> {
  const anyone = client(target, "anyone");
  const { poolId, clientId } = await poolWithClient(target);
  const email = `${unique("lim")}@example.com`;
  await confirmedUser(target, poolId, "lim", PASSWORD, { email, email_verified: "true" });
  const forgot = (Username = "lim", ClientId = clientId) =>
    anyone.send(new ForgotPasswordCommand({ ClientId, Username }));
  const confirm = (ConfirmationCode: string, Username = "lim", ClientId = clientId) =>
    anyone.send(new ConfirmForgotPasswordCommand({ ClientId, Username, ConfirmationCode, Password: RESET }));

  // Three wrong guesses, a new code, two more: the fifth locks, and the right code is refused.
  await forgot();
  const first = await target.readCode(email);
  for (let i = 0; i < 3; i++)
    expect(await rejection(confirm(wrongCode(first, i)))).toBeInstanceOf(CodeMismatchException);
  await forgot();
  const second = await target.readCode(email);
  for (let i = 0; i < 2; i++)
    expect(await rejection(confirm(wrongCode(second, i)))).toBeInstanceOf(CodeMismatchException);
  const locked = await rejection(confirm(second));
  expect(locked).toBeInstanceOf(LimitExceededException);
  expect(locked.message).toBe(LIMIT);
  // Three more sends make five this hour; the sixth is refused.
  for (let i = 0; i < 3; i++) await forgot();
  expect(await rejection(confirm(await target.readCode(email)))).toBeInstanceOf(LimitExceededException);
  expect((await rejection(forgot())).message).toBe(LIMIT);

  // A parallel burst at another user, the right code last: five comparisons, no success.
  const burstEmail = `${unique("burst")}@example.com`;
  await confirmedUser(target, poolId, "burst", PASSWORD, { email: burstEmail, email_verified: "true" });
  await forgot("burst");
  const code = await target.readCode(burstEmail);
  const guesses = [...Array.from({ length: 19 }, (_, i) => wrongCode(code, i)), code];
  const results = await Promise.allSettled(guesses.map((guess) => confirm(guess, "burst")));
  const names = results.map((r) => (r.status === "rejected" ? (r.reason as Error).name : "ok"));
  expect(names.filter((n) => n === "CodeMismatchException")).toHaveLength(5);
  expect(names.filter((n) => n === "LimitExceededException")).toHaveLength(15);

  // Behind PreventUserExistenceErrors, an unknown name meets the same limits.
  const hidden = await client(target).send(
    new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "hidden",
      ExplicitAuthFlows: [...FLOWS],
      PreventUserExistenceErrors: "ENABLED",
    }),
  );
  const hiddenId = hidden.UserPoolClient!.ClientId!;
  for (let i = 0; i < 5; i++)
    expect(await rejection(confirm("123456", "nobody", hiddenId))).toBeInstanceOf(CodeMismatchException);
  expect(await rejection(confirm("123456", "nobody", hiddenId))).toBeInstanceOf(LimitExceededException);
  for (let i = 0; i < 5; i++) await forgot("nobody", hiddenId);
  expect(await rejection(forgot("nobody", hiddenId))).toBeInstanceOf(LimitExceededException);
}
