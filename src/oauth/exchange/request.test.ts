import { describe, expect, it } from "vitest";
import { ACCESS_TOKEN_TYPE, exchangeRequest } from "./request.js";

const JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
const form = (params: Record<string, string>) =>
  new URLSearchParams({
    subject_token: "eyJ.a.b",
    subject_token_type: ACCESS_TOKEN_TYPE,
    audience: "orders",
    ...params,
  });
const without = (name: string) => {
  const params = form({});
  params.delete(name);
  return params;
};

async function refusal(params: URLSearchParams): Promise<{ error: string; error_description?: string }> {
  const answer = exchangeRequest(params);
  if (!(answer instanceof Response)) throw new Error("accepted");
  expect(answer.status).toBe(400);
  return (await answer.json()) as { error: string; error_description?: string };
}

describe("exchangeRequest", () => {
  it("reads the subject token, the target and the scopes (once each, blank scope as none)", () => {
    expect(exchangeRequest(form({ scope: "orders/read  orders/read orders/write" }))).toEqual({
      subjectToken: "eyJ.a.b",
      target: "orders",
      scopes: ["orders/read", "orders/write"],
    });
    expect(exchangeRequest(form({ scope: " " }))).toEqual({ subjectToken: "eyJ.a.b", target: "orders" });
  });

  it("takes an actor token with its type, and requested_token_type access_token", () => {
    expect(
      exchangeRequest(
        form({
          actor_token: "eyJ.c.d",
          actor_token_type: ACCESS_TOKEN_TYPE,
          requested_token_type: ACCESS_TOKEN_TYPE,
        }),
      ),
    ).toEqual({ subjectToken: "eyJ.a.b", actorToken: "eyJ.c.d", target: "orders" });
  });

  it("takes resource (an absolute URI) for the target, or both when they agree", () => {
    const params = without("audience");
    params.set("resource", "https://orders.example.com/api");
    expect(exchangeRequest(params)).toMatchObject({ target: "https://orders.example.com/api" });
    params.set("audience", "https://orders.example.com/api");
    expect(exchangeRequest(params)).toMatchObject({ target: "https://orders.example.com/api" });
  });

  it("refuses missing subject parameters and unsupported token types with invalid_request", async () => {
    expect(await refusal(without("subject_token"))).toEqual({
      error: "invalid_request",
      error_description: "subject_token is required",
    });
    expect((await refusal(without("subject_token_type"))).error).toBe("invalid_request");
    for (const type of [JWT_TYPE, "urn:ietf:params:oauth:token-type:id_token", "access_token"])
      expect(await refusal(form({ subject_token_type: type }))).toEqual({
        error: "invalid_request",
        error_description: `subject_token_type is not supported: use ${ACCESS_TOKEN_TYPE}`,
      });
    expect((await refusal(form({ requested_token_type: JWT_TYPE }))).error).toBe("invalid_request");
    expect((await refusal(form({ subject_token: "x".repeat(16 * 1024 + 1) }))).error).toBe("invalid_request");
  });

  it("refuses an actor token without its type, a type without a token, and another type", async () => {
    expect((await refusal(form({ actor_token: "eyJ.c.d" }))).error_description).toBe(
      "actor_token_type is required with actor_token",
    );
    expect((await refusal(form({ actor_token_type: ACCESS_TOKEN_TYPE }))).error_description).toBe(
      "actor_token_type is given without actor_token",
    );
    expect((await refusal(form({ actor_token: "eyJ.c.d", actor_token_type: JWT_TYPE }))).error).toBe(
      "invalid_request",
    );
  });

  it("refuses no target, a resource that is no absolute URI, and two targets with invalid_target", async () => {
    expect((await refusal(without("audience"))).error).toBe("invalid_target");
    for (const resource of ["orders", "/orders", "https://orders.example.com/#x", "https://a b"]) {
      const params = without("audience");
      params.set("resource", resource);
      expect((await refusal(params)).error).toBe("invalid_target");
    }
    expect((await refusal(form({ resource: "https://stock.example.com" }))).error).toBe("invalid_target");
  });

  it("never repeats a token in a description", async () => {
    const secret = "eyJsecret.payload.signature";
    const answer = exchangeRequest(form({ subject_token: secret, subject_token_type: JWT_TYPE }));
    expect(await (answer as Response).text()).not.toContain(secret);
  });
});
