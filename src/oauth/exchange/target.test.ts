import { describe, expect, it } from "vitest";
import type { ClientRecord } from "../../storage/index.js";
import { exchangeScopes, serverScopes } from "./target.js";

const orders = {
  identifier: "https://orders.example.com",
  scopes: [{ name: "read" }, { name: "write" }],
} as const;
const server = {
  identifier: orders.identifier,
  scopes: orders.scopes.map((s) => ({ ...s, description: s.name })),
};
const client = (scopes: string[]) => ({ config: { AllowedOAuthScopes: scopes } }) as unknown as ClientRecord;
const READ = "https://orders.example.com/read";
const WRITE = "https://orders.example.com/write";

describe("exchangeScopes", () => {
  it("names a server's scopes {identifier}/{name}", () => {
    expect(serverScopes(server)).toEqual([READ, WRITE]);
  });

  it("keeps, when none is asked for, the subject's scopes that are the server's and the client's", () => {
    const subject = `openid ${WRITE} stock/read ${READ}`;
    expect(exchangeScopes(subject, server, client([READ, WRITE, "openid"]), undefined)).toEqual({
      granted: [WRITE, READ],
    });
    expect(exchangeScopes(subject, server, client([READ]), undefined)).toEqual({ granted: [READ] });
  });

  it("refuses when nothing would be left", () => {
    expect(exchangeScopes("openid stock/read", server, client([READ]), undefined)).toEqual({
      refused: "The subject token carries no scope of https://orders.example.com that the client is allowed",
    });
    expect("refused" in exchangeScopes(undefined, server, client([READ]), undefined)).toBe(true);
  });

  it("grants asked scopes only when the subject, the server and the client all have them", () => {
    const subject = `${READ} ${WRITE} openid`;
    expect(exchangeScopes(subject, server, client([READ, WRITE]), [READ])).toEqual({ granted: [READ] });
    expect(exchangeScopes(`${READ}`, server, client([READ, WRITE]), [WRITE])).toEqual({
      refused: `The subject token does not carry ${WRITE}`,
    });
    expect(exchangeScopes(subject, server, client([READ, WRITE, "openid"]), ["openid"])).toEqual({
      refused: "openid is not a scope of https://orders.example.com",
    });
    expect(exchangeScopes(subject, server, client([READ]), [WRITE])).toEqual({
      refused: `The client is not allowed ${WRITE}`,
    });
    expect(exchangeScopes(subject, server, client([READ]), ['"x']).valueOf()).toEqual({
      refused: "Invalid scope requested",
    });
  });
});
