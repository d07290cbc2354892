/**
 * What `/login` shows, as data ({@link LoginView}), and the one function that renders it: the
 * sign-in form or a challenge's page, with a fresh CSRF token (and its cookie when the browser
 * had none), the client's styles (UI customization, managed-login branding: styles/page-style.ts),
 * and the status.
 */
import type { Context } from "hono";
import { type AuthorizationRequest, supportsCognito } from "../authorize-request.js";
import { csrfToken } from "../csrf.js";
import { asksToRemember } from "../device-cookie.js";
import type { Hosted } from "../hosted.js";
import { CodePage, MfaSetupPage, NewPasswordPage, SelectFactorPage } from "../pages/challenges.js";
import { renderPage } from "../pages/layout.js";
import { localize, pageLanguage } from "../pages/messages/index.js";
import { type ProviderButton, SignInPage } from "../pages/sign-in.js";
import { policyRedirectingTo } from "../security-headers.js";
import { pageStyle } from "../styles/page-style.js";

/** A page of the sign-in. */
export type LoginView =
  | { page: "sign-in"; username?: string }
  | { page: "code"; factor: string; session: string; destination?: string }
  | { page: "select"; session: string; choices: string[] }
  | { page: "setup"; session: string; secretCode: string; qr: string }
  | { page: "new-password"; session: string; required: string[]; values?: Record<string, string> };

/** What went wrong with the last POST: about the form, and about fields by name. */
export interface LoginProblem {
  error?: string;
  fields?: Record<string, string | undefined>;
}

/** Whether users may sign themselves up in this pool (the sign-in page's link to `/signup`). */
const selfSignUp = (hosted: Hosted) =>
  (hosted.pool.config.AdminCreateUserConfig as { AllowAdminCreateUserOnly?: boolean } | undefined)
    ?.AllowAdminCreateUserOnly !== true;

/**
 * The page of `view`, as a Response (`cookies` are added to the CSRF cookie, if one is set).
 */
export async function renderLogin(
  c: Context,
  hosted: Hosted,
  request: AuthorizationRequest,
  view: LoginView,
  problem: LoginProblem = {},
  status = 200,
): Promise<Response> {
  const csrf = await csrfToken(c, hosted);
  const language = pageLanguage(c, hosted);
  const fieldErrors: Record<string, string | undefined> = {};
  for (const [name, message] of Object.entries(problem.fields ?? {}))
    fieldErrors[name] = message === undefined ? undefined : localize(language.t, message);
  const common = {
    hosted,
    action: `${hosted.base}/login?${request.query}`,
    csrf: csrf.token,
    style: await pageStyle(hosted, request.client.id),
    lang: language.lang,
    t: language.t,
    error: problem.error,
    fieldErrors,
  };
  let page: unknown;
  switch (view.page) {
    case "sign-in":
      page = (
        <SignInPage
          {...common}
          query={request.query}
          username={view.username}
          signUp={selfSignUp(hosted)}
          cognito={supportsCognito(request.client)}
          providers={await providerButtons(hosted, request)}
        />
      );
      break;
    case "code":
      page = (
        <CodePage
          {...common}
          session={view.session}
          factor={view.factor}
          destination={view.destination}
          rememberDevice={asksToRemember(hosted)}
        />
      );
      break;
    case "select":
      page = <SelectFactorPage {...common} session={view.session} choices={view.choices} />;
      break;
    case "setup":
      page = (
        <MfaSetupPage
          {...common}
          session={view.session}
          secretCode={view.secretCode}
          qr={view.qr}
          rememberDevice={asksToRemember(hosted)}
        />
      );
      break;
    case "new-password":
      page = (
        <NewPasswordPage {...common} session={view.session} required={view.required} values={view.values} />
      );
      break;
  }
  const response = await renderPage(page, status, [csrf.setCookie, language.setCookie]);
  // The form's POST may end in a redirect to the client, which form-action must allow.
  response.headers.set("Content-Security-Policy", policyRedirectingTo(request.redirectUri));
  return response;
}

/** How the social types are named on their buttons; OIDC and SAML providers by their own names. */
const LABELS: Readonly<Record<string, string>> = {
  Google: "Google",
  Facebook: "Facebook",
  LoginWithAmazon: "Amazon",
  SignInWithApple: "Apple",
};

/**
 * A button per identity provider of the client (its SupportedIdentityProviders besides COGNITO
 * that the pool has), each `/oauth2/authorize` with the request and `identity_provider`. [?] A
 * SAML provider with IdpIdentifiers gets a button too, not Cognito's e-mail box (federation.md §1.5).
 */
async function providerButtons(hosted: Hosted, request: AuthorizationRequest): Promise<ProviderButton[]> {
  const listed = request.client.config.SupportedIdentityProviders;
  if (!Array.isArray(listed)) return [];
  const store = await hosted.ctx.store();
  const buttons: ProviderButton[] = [];
  for (const name of listed) {
    if (typeof name !== "string" || name === "COGNITO") continue;
    const provider = await store.identityProviders.get(hosted.pool.id, name);
    if (provider === null) continue;
    const query = new URLSearchParams(request.query);
    query.delete("idp_identifier");
    query.set("identity_provider", name);
    buttons.push({
      name,
      label: LABELS[provider.type] ?? name,
      href: `${hosted.base}/oauth2/authorize?${query}`,
    });
  }
  return buttons;
}
