import { describe, expect, it } from "vitest";
import { describeSmtp, parseFromAddress, parseSmtpUrl } from "./smtp-url.js";

describe("parseSmtpUrl", () => {
  it("reads scheme, host, port and percent-encoded credentials, with the usual ports", () => {
    expect(parseSmtpUrl("smtp://mailer:p%40ss%3Aword@smtp.example.com")).toEqual({
      secure: false,
      host: "smtp.example.com",
      port: 587,
      startTls: "required",
      auth: { user: "mailer", pass: "p@ss:word" },
    });
    expect(parseSmtpUrl("smtps://smtp.example.com")).toEqual({
      secure: true,
      host: "smtp.example.com",
      port: 465,
      startTls: "optional",
    });
    expect(parseSmtpUrl("smtp://[::1]:2525/")).toEqual({
      secure: false,
      host: "::1",
      port: 2525,
      startTls: "optional",
    });
  });

  it("upgrades when offered by default; insists when credentials go off loopback", () => {
    expect(parseSmtpUrl("smtp://relay.internal:25").startTls).toBe("optional");
    expect(parseSmtpUrl("smtp://u:p@127.0.0.1:2525").startTls).toBe("optional");
    expect(parseSmtpUrl("smtp://u:p@relay.internal").startTls).toBe("required");
    expect(parseSmtpUrl("smtp://relay.internal?starttls=never").startTls).toBe("never");
    expect(parseSmtpUrl("smtp://u:p@localhost:1025?starttls=never").startTls).toBe("never");
  });

  it("refuses what it cannot honour, without repeating the password", () => {
    const cases: [string, RegExp][] = [
      ["not a url", /must be a URL/],
      ["http://u:hunter2@mail.example.com", /smtp:\/\/ or smtps:\/\/, got http:/],
      ["smtp://u:hunter2@mail.example.com/path", /no path/],
      ["smtp://u@mail.example.com", /no password/],
      ["smtp://u:hunter2@mail.example.com?secure=false", /unknown option "secure"/],
      ["smtp://mail.example.com?starttls=maybe", /required, optional or never/],
      ["smtps://mail.example.com?starttls=required", /smtp:\/\/ only/],
      ["smtp://u:hunter2@mail.example.com?starttls=optional", /password unencrypted to mail\.example\.com/],
      ["smtp://u:hunter2@mail.example.com?starttls=never", /password unencrypted/],
    ];
    for (const [url, problem] of cases) {
      let message = "";
      try {
        parseSmtpUrl(url);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, url).toMatch(problem);
      expect(message).not.toContain("hunter2");
    }
  });

  it("describes the server without the credentials", () => {
    expect(describeSmtp(parseSmtpUrl("smtp://mailer:hunter2@smtp.example.com"))).toBe(
      "smtp://smtp.example.com:587 (STARTTLS required, AUTH)",
    );
    expect(describeSmtp(parseSmtpUrl("smtps://[::1]"))).toBe("smtps://[::1]:465 (TLS)");
  });
});

describe("parseFromAddress", () => {
  it("takes one address, with or without a display name", () => {
    expect(parseFromAddress("no-reply@example.com")).toEqual({ name: "", address: "no-reply@example.com" });
    expect(parseFromAddress(" Example, Inc <no-reply@example.com> ")).toEqual({
      name: "Example, Inc",
      address: "no-reply@example.com",
    });
    expect(parseFromAddress('"Example" <no-reply@example.com>')).toEqual({
      name: "Example",
      address: "no-reply@example.com",
    });
    for (const bad of [
      "",
      "no-reply",
      "a@example.com, b@example.com",
      "x@example.com\r\nBcc: y@example.com",
      "Name <a@b.com> c@d.com",
    ]) {
      expect(() => parseFromAddress(bad), bad).toThrow(/one address/);
    }
  });
});
