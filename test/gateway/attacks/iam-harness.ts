// A Node gateway (start()) with "auth": "iam" routes and roles as files, a recording upstream, and
// helpers to sign (smithy) and send (fetch or raw TCP). Shared by the attack16 tests.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { start } from "../../../src/entry/node.js";
import { issueSession, type IssuedSession, type SessionFacts } from "../../../src/iam/credentials.js";
import { generateMasterKey, importMasterKey } from "../../../src/runtime/master-key.js";
import { credentialsOf, signRequest, type SignOptions } from "../../helpers/execute-api.js";
import { startUpstream, type Upstream } from "../servers.js";

export const POOL = "eu-west-1:4f1e6a2c-1111-4222-8333-444455556666";
export const ALICE = "eu-west-1:0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff";
export const BOB = "eu-west-1:9f8e7d6c-bbbb-4ccc-8ddd-eeeeffff0000";
const API = "arn:aws:execute-api:eu-west-1:*:files/live";
const SUB = "${cognito-identity.amazonaws.com:sub}";
const TRUST = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: "cognito-identity.amazonaws.com" },
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
    },
  ],
};
const policy = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
export const ROLES = {
  Reader: {
    AssumeRolePolicyDocument: TRUST,
    Policies: {
      own: policy({ Effect: "Allow", Action: "execute-api:Invoke", Resource: `${API}/*/files/${SUB}/*` }),
      // Everyone may read the PDFs of /docs/, nothing else there.
      pdfs: policy({ Effect: "Allow", Action: "execute-api:Invoke", Resource: `${API}/GET/docs/*.pdf` }),
      // The admin page is off limits, whatever else allows it.
      noAdmin: policy({
        Effect: "Deny",
        Action: "execute-api:Invoke",
        Resource: `${API}/*/files/${SUB}/admin`,
      }),
    },
  },
};
export const FACTS: SessionFacts = {
  roleArn: "arn:aws:iam::123456789012:role/Reader",
  roleSessionName: "CognitoIdentityCredentials",
  provider: "cognito-identity.amazonaws.com",
  audience: POOL,
  subject: ALICE,
  amr: ["authenticated"],
  identityId: ALICE,
  identityPoolId: POOL,
  principalTags: {},
};

export interface World {
  url: string;
  upstream: Upstream;
  masterKey: CryptoKey;
  issue(facts?: Partial<SessionFacts>, now?: number): Promise<IssuedSession>;
  close(): Promise<void>;
}

export async function startWorld(
  options: { caseInsensitivePaths?: boolean; roles?: Record<string, object> } = {},
): Promise<World> {
  const MASTER_KEY = generateMasterKey();
  const masterKey = await importMasterKey(MASTER_KEY);
  const upstream = await startUpstream();
  const dir = mkdtempSync(join(tmpdir(), "cognate-attack16-"));
  mkdirSync(join(dir, "policies", "roles"), { recursive: true });
  for (const [name, role] of Object.entries(options.roles ?? ROLES))
    writeFileSync(join(dir, "policies", "roles", `${name}.json`), JSON.stringify(role));
  const auth = { iam: {}, apiId: "files", stage: "live" };
  const routes = [
    { path: "/files/*", upstream: upstream.url, auth },
    { path: "/docs/*", upstream: upstream.url, auth },
  ];
  writeFileSync(
    join(dir, "cognate.json"),
    JSON.stringify({
      region: "eu-west-1",
      routes,
      ...(options.caseInsensitivePaths && { caseInsensitivePaths: true }),
    }),
  );
  const gateway = await start({
    COGNATE_DATA_DIR: dir,
    COGNATE_CONFIG: join(dir, "cognate.json"),
    COGNATE_POLICIES: join(dir, "policies"),
    COGNATE_MASTER_KEY: MASTER_KEY,
    PORT: "0",
  });
  return {
    url: gateway.url,
    upstream,
    masterKey,
    issue: (facts = {}, now = Date.now()) => issueSession(masterKey, { ...FACTS, ...facts }, now, 3600),
    close: async () => {
      await gateway.close();
      await upstream.close();
    },
  };
}

/** Signs `method path` as smithy does for the gateway; returns the signed headers (host excluded). */
export async function sign(
  world: World,
  session: IssuedSession,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  options: SignOptions = {},
) {
  return signRequest(credentialsOf(session), `${world.url}${path}`, init, {
    region: "eu-west-1",
    ...options,
  });
}

/** Sends bytes exactly as written over TCP; resolves with the raw response text (or "" on reset/timeout). */
export function rawSend(url: string, data: string | Buffer, timeoutMs = 5000): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((ok) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      ok(`TIMEOUT ${Buffer.concat(chunks).toString("latin1")}`);
    }, timeoutMs);
    socket.on("connect", () => socket.write(data));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("close", () => {
      clearTimeout(timer);
      ok(Buffer.concat(chunks).toString("latin1"));
    });
    socket.on("error", () => {});
  });
}

/** A request head from a signed request: the target as given, then the signed headers. */
export function head(method: string, target: string, host: string, headers: Record<string, string>): string {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${[...lines, "Connection: close"].join("\r\n")}\r\n\r\n`;
}
