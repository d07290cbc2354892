import { describe, expect, it } from "vitest";
import { redirectUrlProblem } from "./client-oauth.js";

describe("redirectUrlProblem", () => {
  it("accepts https, http on the loopback host, and an app's own scheme", () => {
    for (const url of [
      "https://app.example.com/callback",
      "https://app.example.com:8443/cb?x=1",
      "http://localhost:3000/cb",
      "http://localhost/cb",
      "http://127.0.0.1:8080/cb",
      "http://[::1]:5173/cb",
      "myapp://callback",
      "com.example.app:/oauth2redirect",
    ])
      expect(redirectUrlProblem(url), url).toBeUndefined();
  });

  it("refuses relative URLs, fragments, plain http elsewhere and schemes that run content", () => {
    for (const [url, problem] of [
      ["/callback", /absolute/],
      ["app.example.com/cb", /absolute/],
      ["https://app.example.com/cb#done", /fragment/],
      ["https://app.example.com/cb#", /fragment/],
      ["http://app.example.com/cb", /https/],
      ["http://localhost.evil.example/cb", /https/],
      ["http://127.0.0.2/cb", /https/],
      ["http://user@evil.example/@localhost", /https/],
      ["javascript:alert(1)", /scheme/],
      ["JavaScript:alert(1)", /scheme/],
      ["data:text/html,<script>1</script>", /scheme/],
      ["file:///etc/passwd", /scheme/],
    ] as const)
      expect(redirectUrlProblem(url), url).toMatch(problem);
  });
});
