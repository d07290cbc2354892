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
import { idpUrl } from "../federation/options.js";
import type { IdentityProviderRecord } from "../../storage/index.js";
import type { Hosted } from "../hosted.js";
import { CodePage, MfaSetupPage, NewPasswordPage, SelectFactorPage } from "../pages/challenges.js";
import { renderPage } from "../pages/layout.js";
import { localize, pageLanguage } from "../pages/messages/index.js";
import { type ProviderButton, SignInPage } from "../pages/sign-in.js";
import { policyRedirectingTo } from "../security-headers.js";
import { pageStyle } from "../styles/page-style.js";

/** A page of the sign-in. */
export type LoginView =
  | { page: "sign-in"; username?: string; email?: string }
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
  let idpOrigins: string[] = [];
  switch (view.page) {
    case "sign-in": {
      const { buttons, emailBox, emailBoxTargets } = await providerChoices(hosted, request);
      idpOrigins = emailBoxTargets;
      page = (
        <SignInPage
          {...common}
          query={request.query}
          username={view.username}
          signUp={selfSignUp(hosted)}
          cognito={supportsCognito(request.client)}
          providers={buttons}
          {...(emailBox ? { corporate: { email: view.email } } : {})}
        />
      );
      break;
    }
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
  // The e-mail box's POST goes on through /oauth2/authorize to a SAML provider's SSO URL: one more hop.
  response.headers.set("Content-Security-Policy", policyRedirectingTo(request.redirectUri, idpOrigins));
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
 * How the sign-in page offers the client's identity providers (its SupportedIdentityProviders
 * besides COGNITO that the pool has): a button each, `/oauth2/authorize` with the request and
 * `identity_provider`; but when the client has SAML providers and every one of them has
 * IdpIdentifiers, the corporate e-mail box instead of those SAML buttons (federation.md §1.5 [doc]:
 * the address's domain picks the provider).
 */
export async function providerChoices(
  hosted: Hosted,
  request: AuthorizationRequest,
): Promise<{ buttons: ProviderButton[]; emailBox: boolean; emailBoxTargets: string[] }> {
  const listed = request.client.config.SupportedIdentityProviders;
  if (!Array.isArray(listed)) return { buttons: [], emailBox: false, emailBoxTargets: [] };
  const store = await hosted.ctx.store();
  const providers: IdentityProviderRecord[] = [];
  for (const name of listed) {
    if (typeof name !== "string" || name === "COGNITO") continue;
    const provider = await store.identityProviders.get(hosted.pool.id, name);
    if (provider !== null) providers.push(provider);
  }
  const saml = providers.filter((p) => p.type === "SAML");
  const emailBox = saml.length > 0 && saml.every((p) => p.identifiers.length > 0);
  const buttons = providers
    .filter((p) => !(emailBox && p.type === "SAML"))
    .map((provider) => {
      const query = new URLSearchParams(request.query);
      query.delete("idp_identifier");
      query.set("identity_provider", provider.name);
      return {
        name: provider.name,
        label: LABELS[provider.type] ?? provider.name,
        href: `${hosted.base}/oauth2/authorize?${query}`,
      };
    });
  // Where the box may send the browser: the SAML providers' SSO URLs (from their metadata), each
  // as the federation setting's endpointOrigins rewrite it (tests, development).
  const emailBoxTargets = emailBox
    ? saml.flatMap((p) => {
        const sso = p.details.SSORedirectBindingURI;
        if (sso === undefined) return [];
        const mapped = idpUrl(hosted.options.federation, sso);
        return mapped === null ? [sso] : [sso, mapped.href];
      })
    : [];
  return { buttons, emailBox, emailBoxTargets };
}
