// The same AWS SDK v3 client against `wrangler dev`: the gateway in workerd, user pools on local
// D1 (persisted under a temp dir), admin credentials and the master key given as --var.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startProcess } from "../helpers/process.js";

const OFFLINE = { CI: "true", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_HIDE_BANNER: "true" };
const ADMIN = { accessKeyId: "AKIACOGNATEWORKER001", secretAccessKey: "worker/test+secret0123456789abcdefghijk" };
const MASTER_KEY = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
let dev: Awaited<ReturnType<typeof startProcess>> | undefined;
afterAll(async () => {
  await dev?.stop();
});

describe("user pools on wrangler dev (workerd, D1)", () => {
  it("creates, describes, lists a pool, gives it a client, and deletes it", async () => {
    const port = 20_000 + Math.floor(Math.random() * 2000);
    const vars = { COGNATE_ADMIN_ACCESS_KEY_ID: ADMIN.accessKeyId, COGNATE_ADMIN_SECRET_ACCESS_KEY: ADMIN.secretAccessKey, COGNATE_MASTER_KEY: MASTER_KEY };
    const args = ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", mkdtempSync(join(tmpdir(), "cognate-d1-"))];
    for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
    dev = await startProcess("npx", args, { env: OFFLINE, ready: /Ready on (http:\/\/\S+)/, timeoutMs: 60_000 });
    expect(dev.match, dev.output()).not.toBeNull();
    const endpoint = `http://127.0.0.1:${port}`;
    const idp = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint, credentials: ADMIN, maxAttempts: 1 });

    const { UserPool: pool } = await idp.send(new CreateUserPoolCommand({ PoolName: "edge", UsernameAttributes: ["email"] }));
    expect(pool!.Id).toMatch(/^us-east-1_[0-9A-Za-z]{9}$/);
    const { UserPool: described } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool!.Id }));
    expect(described).toMatchObject({ Id: pool!.Id, Name: "edge", UsernameAttributes: ["email"], EstimatedNumberOfUsers: 0 });
    expect(described!.CreationDate).toBeInstanceOf(Date);
    const { UserPools } = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(UserPools!.map((p) => p.Id)).toContain(pool!.Id);
    const { UserPoolClient } = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: pool!.Id, ClientName: "web", GenerateSecret: true }));
    expect(UserPoolClient).toMatchObject({ UserPoolId: pool!.Id, ClientName: "web", EnableTokenRevocation: true });
    expect(UserPoolClient!.ClientSecret).toMatch(/^[a-z0-9]{51}$/);
    const jwks = (await (await fetch(`${endpoint}/${pool!.Id}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    expect(jwks.keys).toHaveLength(2);

    await idp.send(new DeleteUserPoolCommand({ UserPoolId: pool!.Id }));
    await expect(idp.send(new DescribeUserPoolCommand({ UserPoolId: pool!.Id }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  }, 120_000);
});
