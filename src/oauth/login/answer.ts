/**
 * What the page does with the pipeline's answer: a challenge becomes its page (MFA_SETUP with
 * an authenticator is associated at once, so its page shows the QR code; set-up by email is
 * asked at the user's own address), and a finished sign-in ends in the grant (finish.ts).
 */
import type { Context } from "hono";
import type { AuthorizationRequest } from "../authorize-request.js";
import { errorRedirect } from "../errors.js";
import type { Hosted } from "../hosted.js";
import { requestContext } from "../request-context.js";
import { otpauthUri, qrSvg } from "../totp-qr.js";
import {
  associateHostedTotp,
  type Authenticated,
  hostedSignIn,
  respond,
  type TotpSetUp,
} from "../../user-pool/sign-in/index.js";
import { finishSignIn, mfaUnavailable } from "./finish.js";
import { type LoginProblem, type LoginView, renderLogin } from "./view.js";

/** The pipeline's answer: a challenge (`ChallengeName`, `Session`, `ChallengeParameters`) or `Authenticated`. */
export type PipelineAnswer = Record<string, unknown>;

const CODE_FACTORS = new Set(["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]);

/** A JSON list of strings from a challenge parameter (anything else: none). */
export function stringList(json: unknown): string[] {
  if (typeof json !== "string") return [];
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

/** The set-up page of an authenticator secret. */
export function setUpView(hosted: Hosted, setUp: TotpSetUp): LoginView {
  return {
    page: "setup",
    session: setUp.session,
    secretCode: setUp.secretCode,
    qr: qrSvg(otpauthUri(hosted.pool.name, setUp.username, setUp.secretCode)),
  };
}

/** The response to the pipeline's answer. */
export async function onAnswer(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  answer: PipelineAnswer,
  problem: LoginProblem = {},
): Promise<Response> {
  if (answer.Authenticated !== undefined)
    return finishSignIn(c, hosted, request, answer.Authenticated as Authenticated);
  const name = String(answer.ChallengeName ?? "");
  const session = String(answer.Session ?? "");
  const params = (answer.ChallengeParameters ?? {}) as Record<string, string>;
  const show = (view: LoginView) => renderLogin(c, hosted, request, view, problem);
  if (CODE_FACTORS.has(name))
    return show({ page: "code", factor: name, session, destination: params.CODE_DELIVERY_DESTINATION });
  switch (name) {
    case "SELECT_MFA_TYPE":
      return show({ page: "select", session, choices: stringList(params.MFAS_CAN_CHOOSE) });
    case "NEW_PASSWORD_REQUIRED":
      return show({
        page: "new-password",
        session,
        required: stringList(params.requiredAttributes).map((a) => a.replace(/^userAttributes\./, "")),
      });
    case "MFA_SETUP":
      return setUp(c, hosted, request, session, params, problem);
  }
  // DEVICE_SRP_AUTH, CUSTOM_CHALLENGE: steps a browser form cannot take.
  return errorRedirect(
    { redirectUri: request.redirectUri, responseType: request.responseType, state: request.state },
    "access_denied",
    `The sign-in needs a step the hosted UI does not take (${name.slice(0, 64)})`,
  );
}

// MFA_SETUP: an authenticator when the pool offers one, else email MFA at the user's own address.
async function setUp(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  session: string,
  params: Record<string, string>,
  problem: LoginProblem,
): Promise<Response> {
  const { ctx, pool } = hosted;
  const canSetUp = stringList(params.MFAS_CAN_SETUP);
  if (canSetUp.includes("SOFTWARE_TOKEN_MFA")) {
    const associated = await associateHostedTotp(ctx, pool, request.client.id, session);
    return renderLogin(c, hosted, request, setUpView(hosted, associated), problem);
  }
  const user =
    params.USERNAME === undefined ? null : await (await ctx.store()).users.get(pool.id, params.USERNAME);
  const email = user?.attributes.email;
  if (!canSetUp.includes("EMAIL_OTP") || email === undefined) return mfaUnavailable(request);
  const s = hostedSignIn(
    pool,
    request.client,
    requestContext(c, hosted),
    { EMAIL: email },
    request.requireMfa,
  );
  return onAnswer(c, hosted, request, await respond(ctx, { ...s, sessionId: session }, "MFA_SETUP"), problem);
}
