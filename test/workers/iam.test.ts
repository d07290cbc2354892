// "auth": "iam" inside workerd, through the Worker's own entry: the roles and routes from
// COGNATE_CONFIG, the master key a binding, the upstream a real Node server on loopback
// (test/workers/upstream.setup.ts); requests signed by @smithy/signature-v4.
import { describe, expect, inject, it } from "vitest";
import worker from "../../src/entry/worker.js";
import { issueSession, type SessionFacts } from "../../src/iam/credentials.js";
import { generateMasterKey, importMasterKey } from "../../src/runtime/master-key.js";
import { credentialsOf, signRequest } from "../helpers/execute-api.js";

const upstream = inject("gatewayUpstream");
const POOL = "us-east-1:4f1e6a2c-1111-4222-8333-444455556666";
const IDENTITY = "us-east-1:0a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff";

const ROLES = {
  Reader: {
    AssumeRolePolicyDocument: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: "cognito-identity.amazonaws.com" },
          Action: "sts:AssumeRoleWithWebIdentity",
        },
      ],
    },
    Policies: {
      own: {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: "execute-api:Invoke",
            Resource:
              "arn:aws:execute-api:us-east-1:*:cognate/$default/*/files/${cognito-identity.amazonaws.com:sub}/*",
          },
        ],
      },
    },
  },
};

const FACTS: SessionFacts = {
  roleArn: "arn:aws:iam::000000000000:role/Reader",
  roleSessionName: "CognitoIdentityCredentials",
  provider: "cognito-identity.amazonaws.com",
  audience: POOL,
  subject: IDENTITY,
  amr: ["unauthenticated"],
  identityId: IDENTITY,
  identityPoolId: POOL,
  principalTags: {},
};

describe('"auth": "iam" routes inside workerd, with roles from COGNATE_CONFIG', () => {
  it("forwards a request the role allows with the identity headers, and refuses one it does not", async () => {
    const masterKey = generateMasterKey();
    const env = {
      COGNATE_CONFIG: JSON.stringify({ roles: ROLES, routes: [{ path: "/files/*", upstream, auth: "iam" }] }),
      COGNATE_MASTER_KEY: masterKey,
    };
    const session = await issueSession(await importMasterKey(masterKey), FACTS, Date.now(), 3600);
    const send = async (
      path: string,
      init: { method?: string; headers?: Record<string, string>; body?: string } = {},
    ) => {
      const signed = await signRequest(credentialsOf(session), `https://gw.example${path}`, init);
      return worker.fetch(new Request(signed.url, signed.init), env, {});
    };

    const ok = await send(`/files/${IDENTITY}/a.txt`, {
      method: "POST",
      headers: { "content-type": "text/plain", "x-cognate-identity-id": "spoofed" },
      body: "hello",
    });
    expect(ok.status).toBe(200);
    const seen = (await ok.json()) as { url: string; body: string; headers: Record<string, string> };
    expect(seen).toMatchObject({ url: `/files/${IDENTITY}/a.txt`, body: "hello" });
    expect(seen.headers).toMatchObject({
      "x-cognate-identity-id": IDENTITY,
      "x-cognate-identity-pool-id": POOL,
      "x-cognate-authentication-type": "unauthenticated",
      "x-cognate-user-arn": "arn:aws:sts::000000000000:assumed-role/Reader/CognitoIdentityCredentials",
    });
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers["x-amz-security-token"]).toBeUndefined();

    const refused = await send("/files/us-east-1:another/a.txt");
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { Message: string }).Message).toMatch(
      /^User: arn:aws:sts::000000000000:assumed-role\/Reader\/CognitoIdentityCredentials is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:\*{8}0000:cognate\/\$default\/GET\/files\/us-east-1:another\/a\.txt because no identity-based policy allows the execute-api:Invoke action$/,
    );
  });
});
