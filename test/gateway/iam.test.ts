// The Node entry (start()) with "auth": "iam" routes and roles as files of policies/roles/: requests
// signed by @smithy/signature-v4 with temporary credentials from issueSession (as
// GetCredentialsForIdentity issues them), over real HTTP to a real upstream.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { start } from "../../src/entry/node.js";
import { issueSession, type IssuedSession, type SessionFacts } from "../../src/iam/credentials.js";
import { generateMasterKey, importMasterKey } from "../../src/runtime/master-key.js";
import { credentialsOf, signRequest, type SignOptions } from "../helpers/execute-api.js";
import { startUpstream, type Seen, type Upstream } from "./servers.js";

const POOL = "eu-west-1:4f1e6a2c-1111-4222-8333-444455556666";
const ALICE = "eu-west-1:0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff";
const BOB = "eu-west-1:9f8e7d6c-bbbb-4ccc-8ddd-eeeeffff0000";
const PROVIDER = "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123";
const API = "arn:aws:execute-api:eu-west-1:*:files/live";
const SUB = "${cognito-identity.amazonaws.com:sub}";

const TRUST = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: "cognito-identity.amazonaws.com" },
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
      Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": POOL } },
    },
  ],
};
const policy = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const ROLES = {
  Reader: {
    AssumeRolePolicyDocument: TRUST,
    Policies: {
      // Each identity its own files, and nothing under their locked/ folder.
      own: policy({ Effect: "Allow", Action: "execute-api:Invoke", Resource: `${API}/*/files/${SUB}/*` }),
      locked: policy({
        Effect: "Deny",
        Action: "execute-api:Invoke",
        Resource: `${API}/*/files/${SUB}/locked/*`,
      }),
      // The team's folder for whoever the session's tags put in the blue team.
      team: policy({
        Effect: "Allow",
        Action: "execute-api:Invoke",
        Resource: `${API}/GET/team/*`,
        Condition: { StringEquals: { "aws:PrincipalTag/team": "blue" } },
      }),
    },
  },
};

const FACTS: SessionFacts = {
  roleArn: "arn:aws:iam::123456789012:role/Reader",
  roleSessionName: "CognitoIdentityCredentials",
  provider: "cognito-identity.amazonaws.com",
  audience: POOL,
  subject: ALICE,
  amr: ["authenticated", PROVIDER, `${PROVIDER}:CognitoSignIn:5e1f0c39`],
  identityId: ALICE,
  identityPoolId: POOL,
  principalTags: {},
};

const MASTER_KEY = generateMasterKey();
let masterKey: CryptoKey;
let upstream: Upstream;
let gateway: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => {});
  masterKey = await importMasterKey(MASTER_KEY);
  upstream = await startUpstream();
  const dir = mkdtempSync(join(tmpdir(), "cognate-iam-"));
  mkdirSync(join(dir, "policies", "roles"), { recursive: true });
  for (const [name, role] of Object.entries(ROLES))
    writeFileSync(join(dir, "policies", "roles", `${name}.json`), JSON.stringify(role));
  const routes = [
    { path: "/files/*", upstream: upstream.url, auth: { iam: {}, apiId: "files", stage: "live" } },
    { path: "/team/*", upstream: upstream.url, auth: { iam: {}, apiId: "files", stage: "live" } },
    { path: "/small/*", upstream: upstream.url, auth: "iam", maxBodyBytes: 8 },
  ];
  writeFileSync(join(dir, "cognate.json"), JSON.stringify({ region: "eu-west-1", routes }));
  gateway = await start({
    COGNATE_DATA_DIR: dir,
    COGNATE_CONFIG: join(dir, "cognate.json"),
    COGNATE_POLICIES: join(dir, "policies"),
    COGNATE_MASTER_KEY: MASTER_KEY,
    PORT: "0",
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await gateway?.close();
  await upstream?.close();
});

const issue = (
  facts: Partial<SessionFacts> = {},
  now = Date.now(),
  key = masterKey,
): Promise<IssuedSession> => issueSession(key, { ...FACTS, ...facts }, now, 3600);

interface Call {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Signs and sends; `tamper` changes the signed request before it goes. */
async function call(
  session: IssuedSession | { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  path: string,
  init: Call = {},
  options: SignOptions & { tamper?: (signed: { url: string; init: Required<Call> }) => void } = {},
): Promise<Response> {
  const credentials = "AccessKeyId" in session ? credentialsOf(session) : session;
  const signed = await signRequest(credentials, `${gateway.url}${path}`, init, {
    region: "eu-west-1",
    ...options,
  });
  options.tamper?.(signed as { url: string; init: Required<Call> });
  return fetch(signed.url, signed.init);
}

/** What the upstream saw of the request that was just forwarded, checking it was the only one. */
function lastSeen(before: number): Seen {
  expect(upstream.seen.length).toBe(before + 1);
  return upstream.seen.at(-1)!;
}

const denial = (resource: string, reason: string) => ({
  Message:
    "User: arn:aws:sts::000000000000:assumed-role/Reader/CognitoIdentityCredentials is not authorized to perform: " +
    `execute-api:Invoke on resource: arn:aws:execute-api:eu-west-1:********0000:files/live/${resource} ${reason}`,
});
// Clients sign the content type of what they send (fetch would add an unsigned one): cognate
// refuses a Content-Type the signature does not cover (src/protocol/sigv4-bound.ts).
const TEXT = { "content-type": "text/plain" };
const NO_IDENTITY_POLICY = "because no identity-based policy allows the execute-api:Invoke action";

describe('"auth": "iam" routes through the Node gateway', () => {
  it("forwards what the role allows, header-signed, with the identity and without the credentials", async () => {
    const session = await issue();
    const before = upstream.seen.length;
    const res = await call(session, `/files/${ALICE}/notes.txt?v=2`, {
      headers: {
        "x-cognate-identity-id": "eu-west-1:someone-else",
        "x-cognate-caller": "root",
        "x-cognate-sub": "root",
      },
    });
    expect(res.status).toBe(200);
    const seen = lastSeen(before);
    expect(seen.url).toBe(`/files/${ALICE}/notes.txt?v=2`);
    const identity = Object.fromEntries(
      Object.entries(seen.headers).filter(([name]) => name.startsWith("x-cognate-")),
    );
    expect(identity).toEqual({
      "x-cognate-identity-id": ALICE,
      "x-cognate-identity-pool-id": POOL,
      "x-cognate-authentication-type": "authenticated",
      "x-cognate-authentication-provider": `${PROVIDER},${PROVIDER}:CognitoSignIn:5e1f0c39`,
      "x-cognate-caller": expect.stringMatching(/^AROA[A-Z2-7]{17}:CognitoIdentityCredentials$/),
      "x-cognate-user-arn": "arn:aws:sts::000000000000:assumed-role/Reader/CognitoIdentityCredentials",
    });
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers["x-amz-security-token"]).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain(session.SessionToken);
  });

  it("forwards a signed body as it was read, and refuses one changed after signing", async () => {
    const session = await issue();
    const body = JSON.stringify({ text: "héllo", n: [1, 2, 3] });
    const init = { method: "PUT", headers: { "content-type": "application/json" }, body };
    const before = upstream.seen.length;
    const ok = await call(session, `/files/${ALICE}/doc.json`, init);
    expect(ok.status).toBe(200);
    expect(lastSeen(before)).toMatchObject({ method: "PUT", body });
    expect(lastSeen(before).headers["content-type"]).toBe("application/json");
    // fetch would have asked for "gzip, deflate": the body went on through the Node fast path.
    expect(lastSeen(before).headers["accept-encoding"]).toBeUndefined();

    const unsignedType = await call(session, `/files/${ALICE}/doc.json`, init, {
      tamper: (signed) => void (signed.init.headers["content-type"] = "text/plain"),
    });
    expect(unsignedType.status).toBe(403);
    const unsignedBody = await call(session, `/files/${ALICE}/doc.txt`, { method: "POST", body });
    expect([unsignedBody.status, await unsignedBody.json()]).toEqual([
      403,
      { message: "'Content-Type' must be a 'SignedHeader' in the AWS Authorization." },
    ]);

    const changed = await call(session, `/files/${ALICE}/doc.json`, init, {
      tamper: (signed) => {
        signed.init.body = body.replace("héllo", "hullo");
      },
    });
    expect(changed.status).toBe(403);
    expect(changed.headers.get("x-amzn-errortype")).toBe("InvalidSignatureException");
    // smithy signs the body's hash as x-amz-content-sha256 too: that is what no longer matches.
    expect(((await changed.json()) as { message: string }).message).toMatch(
      /^(The request signature we calculated does not match the signature you provided\.|The provided 'x-amz-content-sha256' header does not match what was computed\.)/,
    );
    expect(upstream.seen.length).toBe(before + 1);
  });

  it("takes presigned requests, forwarding the query without the X-Amz-* parameters", async () => {
    const session = await issue();
    const before = upstream.seen.length;
    const res = await call(session, `/files/${ALICE}/a.txt?download=1`, {}, { presign: true });
    expect(res.status).toBe(200);
    const seen = lastSeen(before);
    expect(seen.url).toBe(`/files/${ALICE}/a.txt?download=1`);
    expect(seen.headers["x-amz-security-token"]).toBeUndefined();

    const body = "presigned body";
    const text = { method: "POST", headers: { "content-type": "text/plain" }, body };
    const post = await call(session, `/files/${ALICE}/b.txt`, text, { presign: true });
    expect(post.status).toBe(200);
    expect(lastSeen(before + 1)).toMatchObject({ method: "POST", url: `/files/${ALICE}/b.txt`, body });
    const changed = await call(session, `/files/${ALICE}/b.txt`, text, {
      presign: true,
      tamper: (signed) => void (signed.init.body = "another body"),
    });
    expect(changed.status).toBe(403);
  });

  it("confines each identity to its own path: 403 in API Gateway's words, the upstream never asked", async () => {
    const bob = await issue({ subject: BOB, identityId: BOB });
    const before = upstream.seen.length;
    const res = await call(bob, `/files/${ALICE}/notes.txt`);
    expect(res.status).toBe(403);
    expect(res.headers.get("x-amzn-errortype")).toBe("AccessDeniedException");
    expect(await res.json()).toEqual(denial(`GET/files/${ALICE}/notes.txt`, NO_IDENTITY_POLICY));
    expect((await call(bob, `/files/${BOB}/notes.txt`)).status).toBe(200);
    expect(upstream.seen.length).toBe(before + 1);
  });

  it("lets an explicit Deny win over the Allow, and says so", async () => {
    const res = await call(await issue(), `/files/${ALICE}/locked/diary.txt`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(
      denial(`GET/files/${ALICE}/locked/diary.txt`, "with an explicit deny in an identity-based policy"),
    );
  });

  it("narrows the role to the session policy", async () => {
    const readOnly = await issue({
      sessionPolicy: policy({ Effect: "Allow", Action: "execute-api:Invoke", Resource: `${API}/GET/*` }),
    });
    expect((await call(readOnly, `/files/${ALICE}/a.txt`)).status).toBe(200);
    const write = await call(readOnly, `/files/${ALICE}/a.txt`, { method: "POST", headers: TEXT, body: "x" });
    expect(write.status).toBe(403);
    expect(await write.json()).toEqual(
      denial(`POST/files/${ALICE}/a.txt`, "because no session policy allows the execute-api:Invoke action"),
    );
  });

  it("evaluates principal tags in a condition", async () => {
    const blue = await issue({ principalTags: { team: "blue" } });
    const red = await issue({ principalTags: { team: "red" } });
    expect((await call(blue, "/team/plan.txt")).status).toBe(200);
    const refused = await call(red, "/team/plan.txt");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual(denial("GET/team/plan.txt", NO_IDENTITY_POLICY));
  });

  it("refuses a request with no signature, or signed without a session token", async () => {
    const before = upstream.seen.length;
    const unsigned = await fetch(`${gateway.url}/files/${ALICE}/a.txt`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await unsigned.json()).toEqual({ message: "Missing Authentication Token" });
    const session = await issue();
    const keysOnly = await call(
      { accessKeyId: session.AccessKeyId, secretAccessKey: session.SecretKey },
      `/files/${ALICE}/a.txt`,
    );
    expect(keysOnly.status).toBe(403);
    expect(await keysOnly.json()).toEqual({
      message: "The security token included in the request is invalid.",
    });
    expect(upstream.seen.length).toBe(before);
  });

  it("refuses a tampered session token, and one sealed under another master key", async () => {
    const session = await issue();
    const token = session.SessionToken;
    const at = token.length - 10;
    const tampered = `${token.slice(0, at)}${token[at] === "A" ? "B" : "A"}${token.slice(at + 1)}`;
    const foreign = await issue({}, Date.now(), await importMasterKey(generateMasterKey()));
    const before = upstream.seen.length;
    for (const credentials of [
      { ...credentialsOf(session), sessionToken: tampered },
      credentialsOf(foreign),
      { ...credentialsOf(session), sessionToken: foreign.SessionToken },
    ]) {
      const res = await call(credentials, `/files/${ALICE}/a.txt`);
      expect(res.status).toBe(403);
      expect(res.headers.get("x-amzn-errortype")).toBe("UnrecognizedClientException");
      expect(await res.json()).toEqual({ message: "The security token included in the request is invalid." });
    }
    expect(upstream.seen.length).toBe(before);
  });

  it("refuses an expired session, header-signed or presigned", async () => {
    const expired = await issue({}, Date.now() - 2 * 3600_000);
    for (const presign of [false, true]) {
      const res = await call(expired, `/files/${ALICE}/a.txt`, {}, { presign });
      expect(res.status).toBe(403);
      expect(res.headers.get("x-amzn-errortype")).toBe("ExpiredTokenException");
      expect(await res.json()).toEqual({ message: "The security token included in the request is expired" });
    }
  });

  it("refuses a signature for another region or service, and a body over the route's limit", async () => {
    const session = await issue();
    const elsewhere = await call(session, `/files/${ALICE}/a.txt`, {}, { region: "us-east-1" });
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { message: string }).message).toBe(
      "Credential should be scoped to a valid region, not 'us-east-1'.",
    );
    const otherService = await call(session, `/files/${ALICE}/a.txt`, {}, { service: "s3" });
    expect(otherService.status).toBe(403);
    const large = await call(session, "/small/x", {
      method: "POST",
      headers: TEXT,
      body: "more than eight bytes",
    });
    expect(large.status).toBe(413);
    expect(await large.json()).toEqual({ message: "Request Entity Too Large" });
  });

  it("does not start without roles for an iam route, nor with a role defined twice", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cognate-iam-"));
    mkdirSync(join(dir, "policies", "roles"), { recursive: true });
    const env = {
      COGNATE_DATA_DIR: dir,
      COGNATE_CONFIG: join(dir, "cognate.json"),
      COGNATE_POLICIES: join(dir, "policies"),
      PORT: "0",
    };
    const route = { path: "/files/*", upstream: upstream.url, auth: "iam" };
    writeFileSync(env.COGNATE_CONFIG, JSON.stringify({ routes: [route] }));
    await expect(start(env)).rejects.toThrow(
      /cognate\.json: routes\[0\]\.auth: "iam" needs roles: the files of policies\/roles\/ \(Node\) or the configuration's "roles"/,
    );
    writeFileSync(join(dir, "policies", "roles", "Reader.json"), JSON.stringify(ROLES.Reader));
    writeFileSync(env.COGNATE_CONFIG, JSON.stringify({ routes: [route], roles: ROLES }));
    await expect(start(env)).rejects.toThrow(
      /cognate\.json: roles\.Reader: role Reader is also defined in .*policies\/roles: define it once/,
    );
    writeFileSync(join(dir, "policies", "roles", "Reader.json"), JSON.stringify({ Policies: {} }));
    await expect(start(env)).rejects.toThrow(/Reader\.json: AssumeRolePolicyDocument: is required/);
  });
});
