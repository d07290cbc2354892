import { request } from "node:http";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { basicAuth } from "../harness.js";
import { poolWithDomain } from "../server.js";
import { ACCESS_TOKEN, codeTokens, exchangeFixture, GRANT, ORDERS } from "./fixture.js";

const fx = exchangeFixture();
function raw(
  url: string,
  host: string,
  body: string,
  auth: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: "POST",
        headers: {
          host,
          "content-type": "application/x-www-form-urlencoded",
          authorization: auth,
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
describe("probe2", () => {
  it("Host header and other pool's domain", async () => {
    const { access_token } = await codeTokens(fx);
    const body = new URLSearchParams({
      grant_type: GRANT,
      subject_token: access_token,
      subject_token_type: ACCESS_TOKEN,
      audience: ORDERS,
    }).toString();
    const auth = basicAuth(fx.gateway.ClientId!, fx.gateway.ClientSecret!);
    const r = await raw(`${fx.base}/oauth2/token`, "evil.example.com", body, auth);
    console.log("host", r.status, r.status === 200 ? decodeJwt(JSON.parse(r.text).access_token).iss : r.text);
    const other = await poolWithDomain(fx.server, {}, "dom2");
    const r2 = await raw(`${fx.server.url}/oauth2/token`, `${other.domain}.localhost`, body, auth);
    console.log("other domain", r2.status, r2.text);
    const r3 = await raw(`${fx.server.url}/${other.poolId}/oauth2/token`, "x", body, auth);
    console.log("other path", r3.status, r3.text);
    expect(r.status).toBeLessThan(500);
  });
});
