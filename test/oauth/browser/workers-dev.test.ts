// The code flow against `wrangler dev` (workerd, D1): the hosted UI served by the Worker, Chromium
// signing in through its page, openid-client verifying the tokens and reading userinfo.
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as oidc from "openid-client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startProcess } from "../../helpers/process.js";
import {
  arriveAt,
  codeAuthorization,
  codeGrant,
  confirmedUser,
  hostedPool,
  launchBrowser,
  newPage,
  oidcConfig,
  relyingParty,
  type RelyingParty,
  submitSignIn,
} from "./harness.js";
import { adminSdk } from "../server.js";

const WRANGLER_ENV = {
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
};
const run = promisify(execFile);
let dev: Awaited<ReturnType<typeof startProcess>> | undefined;
let endpoint: string;
let persist: string;
let browser: Browser;
let rp: RelyingParty;

beforeAll(async () => {
  const port = await freePort();
  persist = mkdtempSync(join(tmpdir(), "cognate-browser-worker-"));
  [dev, browser, rp] = await Promise.all([
    startProcess(
      "npm",
      ["run", "--silent", "dev:worker", "--", "--port", String(port), "--persist-to", persist],
      {
        ready: /Ready on (http:\/\/\S+)/,
        timeoutMs: 90_000,
        env: WRANGLER_ENV,
      },
    ),
    launchBrowser(),
    relyingParty(),
  ]);
  if (dev.match === null) throw new Error(`npm run dev:worker did not start:\n${dev.output()}`);
  endpoint = `http://127.0.0.1:${port}`;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await rp?.close();
  await dev?.stop();
});

/**
 * The development admin key pair: the key id from the line the first request logs, the secret
 * through the command that line names (as test/user-pool/e2e/workers-dev.test.ts reads it).
 */
async function adminFromLog(): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await fetch(`${endpoint}/health`);
  const pattern =
    /AWS_ACCESS_KEY_ID=(\w+); its secret: npx wrangler (d1 execute DB --local --json --command) "([^"]+)"/;
  let match: RegExpExecArray | null = null;
  for (let i = 0; i < 100 && match === null; i++) {
    match = pattern.exec(dev!.output());
    if (match === null) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (match === null) throw new Error(`no admin key line in the log:\n${dev!.output()}`);
  const args = [...match[2]!.split(" "), match[3]!, "--persist-to", persist];
  const { stdout } = await run("npx", ["wrangler", ...args], { env: { ...process.env, ...WRANGLER_ENV } });
  const secret = (JSON.parse(stdout) as { results: { secret: string }[] }[])[0]!.results[0]!.secret;
  return { accessKeyId: match[1]!, secretAccessKey: secret };
}

describe("the hosted UI on wrangler dev", () => {
  it("runs the code flow with PKCE and nonce through the Worker's sign-in page", async () => {
    const cognate = { sdk: adminSdk(endpoint, await adminFromLog()), publicUrl: endpoint };
    const pool = await hostedPool(cognate, [rp.callback]);
    const sub = await confirmedUser(cognate, pool.poolId, "wendy", "Worker-Pass-2024", "wendy@example.com");
    const config = await oidcConfig(pool);
    expect(config.serverMetadata().authorization_endpoint).toBe(`${pool.issuer}/oauth2/authorize`);

    const started = await codeAuthorization(config, rp.callback, "openid email");
    const { url, verifier, nonce } = started;
    const { context, page } = await newPage(browser);
    try {
      await page.goto(url.href);
      expect(new URL(page.url()).pathname).toBe(`/${pool.poolId}/login`);
      expect((await page.context().request.get(page.url())).headers()["x-frame-options"]).toBe("DENY");
      await submitSignIn(page, "wendy", "Worker-Pass-2024");
      await arriveAt(page, rp.callback);
      const tokens = await codeGrant(config, page.url(), started);
      expect(tokens.claims()).toMatchObject({ iss: pool.issuer, aud: pool.clientId, sub, nonce });
      const info = await oidc.fetchUserInfo(config, tokens.access_token, sub);
      expect(info).toMatchObject({ sub, email: "wendy@example.com" });
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(refreshed.claims()?.sub).toBe(sub);

      // The session cookie set by the Worker: a second authorization is silent.
      const again = oidc.buildAuthorizationUrl(config, {
        redirect_uri: rp.callback,
        scope: "openid",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state: "again",
      });
      await page.goto(again.href);
      expect(page.url().startsWith(`${rp.callback}?`)).toBe(true);
      expect(new URL(page.url()).searchParams.get("code")).toBeTruthy();
    } finally {
      await context.close();
    }
  });
});
