/**
 * `/forgotPassword`: a reset code through ForgotPassword, then `/confirmforgotPassword` with the
 * username (account/send-code.ts).
 */
import { sendCodeEndpoint } from "../account/send-code.js";

/** The endpoint (GET, POST). */
export const forgotPassword = sendCodeEndpoint({
  operation: "ForgotPassword",
  path: "/forgotPassword",
  next: "/confirmforgotPassword",
  title: "forgotPassword",
  intro: "forgotIntro",
  submit: "resetMyPassword",
  link: { path: "/login", text: "backToSignIn" },
});
