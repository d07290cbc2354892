// The hosted UI's languages over the wire: `lang` (one of managed login's 11) picks the pages'
// words and <html lang>, a `lang` cookie keeps the choice for the pages that follow without
// `lang`, an unknown `lang` is ignored, and the API's known errors and the account pages are
// translated too.
import { InitiateAuthCommand, SetUserPoolMfaConfigCommand } from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, it } from "vitest";
import { Browser, formOf } from "./browser-wire.js";
import { hostedPool, loginSuite, loginUrl, signInForm } from "./login-harness.js";
import { PASSWORD, user } from "./server.js";

const { server, pool } = loginSuite();

beforeAll(async () => {
  await user(server, pool.poolId, "alice", { email: "alice@example.com" });
});

/** The page's query without its own path, for the account pages' URLs. */
const queryOf = (url: string) => url.slice(url.indexOf("?") + 1);

describe("lang", () => {
  it('renders the sign-in page in German with <html lang="de"> and keeps the choice in a year-long cookie', async () => {
    const browser = new Browser();
    const { response, html } = await browser.get(loginUrl(pool.base, pool.clientId, { lang: "de" }));
    expect(response.status).toBe(200);
    expect(html).toMatch(/^<!DOCTYPE html><html lang="de">/);
    expect(html).toContain("<title>Anmelden</title>");
    expect(html).toContain('<label for="signInFormUsername">Benutzername</label>');
    expect(html).toContain('<label for="signInFormPassword">Passwort</label>');
    expect(html).toContain(">Passwort vergessen?</a>");
    expect(html).toContain(">Noch kein Konto? Registrieren</a>");
    expect(html).not.toContain("Forgot your password?");
    const cookie = browser.jar.get("lang");
    expect(cookie?.value).toBe("de");
    expect(cookie?.attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "SameSite=Lax", `Path=/${pool.poolId}`, "Max-Age=31536000"]),
    );
    // The next page, without `lang`, stays German (the cookie), and sets no cookie again.
    const next = await browser.get(loginUrl(pool.base, pool.clientId));
    expect(next.html).toMatch(/^<!DOCTYPE html><html lang="de">/);
    expect(next.html).toContain("<title>Anmelden</title>");
    expect(next.response.headers.getSetCookie().some((c) => c.startsWith("lang="))).toBe(false);
    // A new valid `lang` replaces the choice.
    const japanese = await browser.get(loginUrl(pool.base, pool.clientId, { lang: "ja" }));
    expect(japanese.html).toMatch(/^<!DOCTYPE html><html lang="ja">/);
    expect(japanese.html).toContain("<title>サインイン</title>");
    expect(browser.jar.get("lang")?.value).toBe("ja");
  });

  it("ignores an unknown lang: English, no error, no cookie; a kept choice stays", async () => {
    const browser = new Browser();
    const { response, html } = await browser.get(loginUrl(pool.base, pool.clientId, { lang: "xx" }));
    expect(response.status).toBe(200);
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(html).toContain("<title>Sign in</title>");
    expect(browser.jar.get("lang")).toBeUndefined();
    for (const lang of ["DE", "de-DE", "pt", "zh", "en<x>"]) {
      const other = await browser.get(loginUrl(pool.base, pool.clientId, { lang }));
      expect(other.response.status).toBe(200);
      expect(other.html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    }
    await browser.get(loginUrl(pool.base, pool.clientId, { lang: "fr" }));
    const kept = await browser.get(loginUrl(pool.base, pool.clientId, { lang: "xx" }));
    expect(kept.html).toMatch(/^<!DOCTYPE html><html lang="fr">/);
    expect(kept.html).toContain("<title>Se connecter</title>");
    expect(browser.jar.get("lang")?.value).toBe("fr");
  });

  it("tells a wrong password, and a missing field, in the chosen language", async () => {
    const browser = new Browser();
    const form = await signInForm(browser, loginUrl(pool.base, pool.clientId, { lang: "de" }));
    const wrong = await browser.submit(server.url, form, { username: "alice", password: "wrong-Password-1" });
    expect(wrong.response.status).toBe(400);
    expect(wrong.html).toMatch(/^<!DOCTYPE html><html lang="de">/);
    expect(wrong.html).toContain(
      '<p class="cognate-error" role="alert" id="form-error">Falscher Benutzername oder falsches Passwort.</p>',
    );
    const missing = await browser.submit(server.url, formOf(wrong.html), { username: "", password: "" });
    expect(missing.html).toContain(
      '<p class="cognate-field-error" id="signInFormUsername-error">Geben Sie Ihren Benutzernamen ein.</p>',
    );
    // The same in Korean, by the cookie alone once chosen.
    const korean = new Browser();
    await korean.get(loginUrl(pool.base, pool.clientId, { lang: "ko" }));
    const again = await signInForm(korean, loginUrl(pool.base, pool.clientId));
    const refused = await korean.submit(server.url, again, {
      username: "alice",
      password: "wrong-Password-1",
    });
    expect(refused.html).toContain("사용자 이름 또는 비밀번호가 올바르지 않습니다.");
    // The right password still signs in.
    const signed = await korean.submit(server.url, formOf(refused.html), {
      username: "alice",
      password: PASSWORD,
    });
    expect(signed.response.status).toBe(303);
  });

  it("translates the account pages: sign-up (its password rules and field errors) and forgotten password", async () => {
    const browser = new Browser();
    const query = queryOf(loginUrl(pool.base, pool.clientId, { lang: "es" }));
    const signup = await browser.get(`${pool.base}/signup?${query}`);
    expect(signup.response.status).toBe(200);
    expect(signup.html).toMatch(/^<!doctype html><html lang="es">/i);
    expect(signup.html).toContain("<title>Registrarse</title>");
    expect(signup.html).toContain("Al menos 8 caracteres");
    expect(signup.html).toContain("Una letra mayúscula");
    expect(signup.html).toContain(">¿Ya tiene una cuenta? Inicie sesión</a>");
    expect(browser.jar.get("lang")?.value).toBe("es");
    const form = formOf(signup.html);
    const missing = await browser.submit(server.url, form, { username: "bob", password: "" });
    expect(missing.response.status).toBe(400);
    expect(missing.html).toContain("Introduzca una contraseña.");
    // The API's own words for a known error (the username taken), in Spanish.
    const taken = await browser.submit(server.url, formOf(missing.html), {
      username: "alice",
      password: PASSWORD,
      "requiredAttributes[email]": "alice2@example.com",
    });
    expect(taken.response.status).toBe(400);
    expect(taken.html).toContain("Ya existe una cuenta con este nombre de usuario.");

    // Forgotten password, in Traditional Chinese through the cookie only.
    const chinese = new Browser();
    await chinese.get(loginUrl(pool.base, pool.clientId, { lang: "zh-TW" }));
    const plain = queryOf(loginUrl(pool.base, pool.clientId));
    const forgot = await chinese.get(`${pool.base}/forgotPassword?${plain}`);
    expect(forgot.html).toMatch(/^<!doctype html><html lang="zh-TW">/i);
    expect(forgot.html).toContain("<title>忘記密碼？</title>");
    expect(forgot.html).toContain("輸入您的使用者名稱，我們會傳送驗證碼給您，以便重設密碼。");
    expect(forgot.html).toContain(">重設密碼</button>");
    const reset = await chinese.get(`${pool.base}/confirmforgotPassword?${plain}&username=alice`);
    expect(reset.html).toContain("<title>重設密碼</title>");
    expect(reset.html).toContain("至少 8 個字元");
  });

  it("translates the error and signed-out pages", async () => {
    const browser = new Browser();
    const error = await browser.get(`${pool.base}/error?error=redirect_mismatch&lang=it`);
    expect(error.response.status).toBe(400);
    expect(error.html).toMatch(/^<!doctype html><html lang="it">/i);
    expect(error.html).toContain("Si è verificato un errore con la pagina richiesta.");
    expect(error.html).toContain(
      "L&#39;URI di reindirizzamento non è tra gli URL registrati del client dell&#39;app.",
    );
    // Words outside the catalogue (this reason of /logout's) stay as given, under the translated title.
    const refused = await browser.get(`${pool.base}/logout`);
    expect(refused.html).toContain("<title>Si è verificato un errore con la pagina richiesta.</title>");
    expect(refused.html).toContain("client_id is required.");
    const signedIn = await server.sdk.send(
      new InitiateAuthCommand({
        ClientId: pool.clientId,
        AuthFlow: "USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: "alice", PASSWORD },
      }),
    );
    const hint = signedIn.AuthenticationResult!.IdToken!;
    const out = await browser.get(`${pool.base}/logout?id_token_hint=${hint}`);
    expect(out.response.status).toBe(200);
    expect(out.html).toMatch(/^<!doctype html><html lang="it">/i);
    expect(out.html).toContain("<title>Disconnesso</title>");
    expect(out.html).toContain("Hai effettuato la disconnessione.");
  });

  it("translates the challenge pages: MFA set-up, its wrong code in the API's words", async () => {
    const mfa = await hostedPool(server);
    await server.sdk.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: mfa.poolId,
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    await user(server, mfa.poolId, "carol");
    const browser = new Browser();
    const form = await signInForm(browser, loginUrl(mfa.base, mfa.clientId, { lang: "fr" }));
    const setup = await browser.submit(server.url, form, { username: "carol", password: PASSWORD });
    expect(setup.response.status).toBe(200);
    expect(setup.html).toMatch(/^<!DOCTYPE html><html lang="fr">/);
    expect(setup.html).toContain("<h1>Configurez votre application d&#39;authentification</h1>");
    expect(setup.html).toContain(
      'aria-label="Code QR de la clé pour votre application d&#39;authentification"',
    );
    expect(setup.html).toContain(">Code de l&#39;application</label>");
    expect(setup.html).toContain(">Vérifier et se connecter</button>");
    const wrong = await browser.submit(server.url, formOf(setup.html), { code: "000000" });
    expect(wrong.response.status).toBe(400);
    expect(wrong.html).toContain("Le code ne correspond pas");
    expect(wrong.html).not.toContain("Code mismatch");
  });
});
