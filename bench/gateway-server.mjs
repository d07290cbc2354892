// One process of the gateway benchmark: `node bench/gateway-server.mjs upstream` (a bare node:http
// server answering "hello"), or `... gateway <upstream url> '<public JWK>' <issuer>` (cognate's
// gateway as `npm start` runs it: authorizer() with policies, then the Node forwarder), or
// `... bare-proxy <upstream url>` (node:http in, node:http out, nothing else: the ceiling for any
// Node proxy on this machine), or `... gateway-iam <upstream url>` (the same route with
// `"auth": "iam"`: SigV4 requests signed with temporary credentials, the master key from
// COGNATE_MASTER_KEY, a role `Bench` whose permission policy is the bearer route's 102 statements).
// Prints "ready <port>".
import { serve } from "@hono/node-server";
import { Agent, createServer, request } from "node:http";
import { createGateway } from "../dist/index.js";
import { nodeForward } from "../dist/gateway/forward.node.js";
import { resolveRoles } from "../dist/iam/roles.js";

const [mode, upstream, jwkJson, issuer] = process.argv.slice(2);

// The Hello statement's condition is the bearer token's scope, or for iam sessions their `amr`.
const BEARER_CONDITION = { "ForAnyValue:StringEquals": { "jwt:scope": "orders/read" } };
const IAM_CONDITION = {
  "ForAnyValue:StringEquals": { "cognito-identity.amazonaws.com:amr": "authenticated" },
};

function policies(condition = BEARER_CONDITION) {
  const arn = "arn:aws:execute-api:us-east-1:000000000000:cognate/$default";
  const routes = Array.from({ length: 100 }, (_, i) => ({
    Sid: `Route${i}`,
    Effect: "Allow",
    Action: "execute-api:Invoke",
    Resource: `${arn}/GET/items/${i}/*`,
  }));
  routes.push({
    Sid: "Hello",
    Effect: "Allow",
    Action: "execute-api:Invoke",
    Resource: `${arn}/GET/hello`,
    Condition: condition,
  });
  const deny = {
    Sid: "NoWritesWithoutMfa",
    Effect: "Deny",
    Action: "execute-api:Invoke",
    Resource: `${arn}/POST/*`,
    Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
  };
  return [{ Version: "2012-10-17", Statement: [...routes, deny] }];
}

if (mode === "upstream") {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("hello");
  });
  server.listen(0, "127.0.0.1", () => console.log(`ready ${server.address().port}`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
} else if (mode === "bare-proxy") {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(upstream);
  const server = createServer((req, res) => {
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    out.on("error", () => res.writeHead(502).end());
    req.pipe(out);
  });
  server.listen(0, "127.0.0.1", () => console.log(`ready ${server.address().port}`));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
} else if (mode === "gateway-iam") {
  const trust = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
      },
    ],
  };
  const [permissions] = policies(IAM_CONDITION);
  const app = createGateway(
    { routes: [{ path: "/*", upstream, auth: "iam" }] },
    {
      name: "node",
      forward: nodeForward,
      masterKey: process.env.COGNATE_MASTER_KEY,
      roles: resolveRoles({ Bench: { AssumeRolePolicyDocument: trust, Policies: { routes: permissions } } }),
    },
  );
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
    console.log(`ready ${info.port}`),
  );
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
} else if (mode === "gateway") {
  const userPoolId = issuer.slice(issuer.lastIndexOf("/") + 1);
  const key = JSON.parse(jwkJson);
  const app = createGateway(
    {
      routes: [
        {
          path: "/*",
          upstream,
          auth: {
            issuers: [{ type: "cognito", userPoolId, clientId: "bench-client", tokenUse: "access" }],
            fetch: async () => Response.json({ keys: [key] }),
            policies: { everyone: policies() },
          },
        },
      ],
    },
    { name: "node", forward: nodeForward },
  );
  const server = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) =>
    console.log(`ready ${info.port}`),
  );
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
