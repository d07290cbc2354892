/**
 * `/resendcode`: a new sign-up code through ResendConfirmationCode, then `/confirm` with the
 * username (account/send-code.ts).
 */
import { sendCodeEndpoint } from "../account/send-code.js";

/** The endpoint (GET, POST). */
export const resendCode = sendCodeEndpoint({
  operation: "ResendConfirmationCode",
  path: "/resendcode",
  next: "/confirm",
  title: "sendNewCode",
  submit: "sendNewCode",
  link: { path: "/confirm", text: "iHaveCode", withUsername: true },
});
