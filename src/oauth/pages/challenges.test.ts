import { describe, expect, it } from "vitest";
import type { Hosted } from "../hosted.js";
import { CodePage, NewPasswordPage, SelectFactorPage } from "./challenges.js";
import { messagesFor } from "./messages/index.js";

// The pages read only the base path of the pool they render for.
const hosted = { base: "/us-east-1_Test" } as unknown as Hosted;
const common = (lang: string) => ({
  hosted,
  action: "/us-east-1_Test/login?client_id=abc",
  csrf: "token",
  session: "session",
  lang,
  t: messagesFor(lang),
});
const html = async (page: unknown) =>
  String(await (page as { toString(): string | Promise<string> }).toString());

describe("the challenge pages in the chosen language", () => {
  it("a code page: its title, where the code went, the remember-device box, the button", async () => {
    const page = await html(
      CodePage({ ...common("ko"), factor: "SMS_MFA", destination: "+*******0100", rememberDevice: true }),
    );
    expect(page).toMatch(/^<html lang="ko">/);
    expect(page).toContain("<h1>문자 메시지로 받은 코드를 입력하세요</h1>");
    expect(page).toContain("+*******0100(으)로 보냈습니다.");
    expect(page).toContain("이 기기 기억하기");
    expect(page).toContain(">로그인</button>");
  });

  it("the choice of a factor, with the factors' names", async () => {
    const page = await html(
      SelectFactorPage({ ...common("zh-CN"), choices: ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"] }),
    );
    expect(page).toContain("<h1>选择验证身份的方式</h1>");
    expect(page).toContain("<legend>验证方式</legend>");
    expect(page).toContain("身份验证器应用");
    expect(page).toContain("电子邮件");
    expect(page).toContain(">继续</button>");
  });

  it("a new password with the required attributes' labels, and an error in the API's words translated", async () => {
    const page = await html(
      NewPasswordPage({
        ...common("pt-BR"),
        required: ["given_name", "custom:team"],
        fieldErrors: { password: messagesFor("pt-BR").passwordsDiffer },
        error: "Incorrect username or password.",
      }),
    );
    expect(page).toContain("<h1>Altere sua senha</h1>");
    expect(page).toContain(">Nova senha</label>");
    expect(page).toContain(">Nome</label>");
    expect(page).toContain(">custom:team</label>");
    expect(page).toContain("As senhas não coincidem.");
    expect(page).toContain("Nome de usuário ou senha incorretos.");
    expect(page).toContain(">Alterar a senha e entrar</button>");
  });
});
