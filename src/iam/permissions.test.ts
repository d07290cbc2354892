import { describe, expect, it } from "vitest";
import { explain } from "../policy/explain.js";
import type { PolicyDocument } from "../policy/types.js";
import { cognitoClaims, cognitoTrust, IDENTITY } from "./fixtures.testing.js";
import { explainSessionDecision, parseSessionPolicy, sessionDecision } from "./permissions.js";
import { resolveRole } from "./roles.js";
import type { SessionClaims } from "./session.js";
import { sessionContext } from "./session-context.js";

const API = "arn:aws:execute-api:us-east-1:000000000000:api/prod";
const now = Date.UTC(2024, 0, 1);

const allow = (action: string, resource: string | string[]) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: action, Resource: resource }],
});
const deny = (action: string, resource: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny", Action: action, Resource: resource }],
});

const role = (policies: Record<string, PolicyDocument>) =>
  resolveRole("Reader", { AssumeRolePolicyDocument: cognitoTrust(), Policies: policies }, "roles.Reader");

async function decide(
  policies: Record<string, PolicyDocument>,
  claims: SessionClaims,
  method: string,
  path: string,
) {
  const request = {
    action: "execute-api:Invoke",
    resource: `${API}/${method}/${path}`,
    context: await sessionContext(claims, { now }),
  };
  return { decision: sessionDecision(role(policies), claims, request), request };
}

describe("sessionDecision", () => {
  const readAll = { read: allow("execute-api:Invoke", `${API}/GET/*`) };

  it("allows what the role's policies allow when there is no session policy", async () => {
    const { decision } = await decide(readAll, cognitoClaims(), "GET", "orders");
    expect(decision.decision).toBe("Allow");
    expect(decision.session).toBeUndefined();
    expect(decision.statements.map((s) => s.policy.source)).toEqual(["roles.Reader.Policies.read"]);
    expect((await decide(readAll, cognitoClaims(), "POST", "orders")).decision.decision).toBe("ImplicitDeny");
  });

  it("denies everything for a role without permission policies", async () => {
    expect((await decide({}, cognitoClaims(), "GET", "orders")).decision.decision).toBe("ImplicitDeny");
  });

  it("narrows the role to what the session policy allows too", async () => {
    const claims = cognitoClaims({ sessionPolicy: allow("execute-api:Invoke", `${API}/GET/orders`) });
    const allowed = await decide(readAll, claims, "GET", "orders");
    expect(allowed.decision.decision).toBe("Allow");
    expect(allowed.decision.statements.map((s) => s.policy.source)).toEqual([
      "roles.Reader.Policies.read",
      "session policy",
    ]);

    const narrowed = await decide(readAll, claims, "GET", "invoices");
    expect(narrowed.decision.decision).toBe("ImplicitDeny");
    expect(narrowed.decision.role.decision).toBe("Allow");
    expect(narrowed.decision.session?.decision).toBe("ImplicitDeny");
    expect(explainSessionDecision(narrowed.decision, narrowed.request)[1]).toBe(
      "ImplicitDeny: the role's policies allow it, but the session policy does not (an Allow needs both)",
    );
  });

  it("never widens the role: a session policy's Allow alone allows nothing", async () => {
    const claims = cognitoClaims({ sessionPolicy: allow("execute-api:Invoke", "*") });
    const { decision, request } = await decide(readAll, claims, "DELETE", "orders");
    expect(decision.decision).toBe("ImplicitDeny");
    expect(explainSessionDecision(decision, request)).toContain(
      "ImplicitDeny: the session policy allows it, but the role's policies do not (a session policy only narrows the role)",
    );
  });

  it("lets a Deny in either win", async () => {
    const inSession = cognitoClaims({
      sessionPolicy: {
        Version: "2012-10-17",
        Statement: [
          ...allow("execute-api:Invoke", "*").Statement,
          ...deny("execute-api:Invoke", `${API}/GET/secret`).Statement,
        ],
      },
    });
    const fromSession = await decide(readAll, inSession, "GET", "secret");
    expect(fromSession.decision.decision).toBe("ExplicitDeny");
    expect(fromSession.decision.statements.map((s) => s.policy.source)).toEqual(["session policy"]);
    expect(explain(fromSession.decision, fromSession.request)[0]).toMatch(
      /^ExplicitDeny: session policy Statement\[1\] denies/,
    );
    expect((await decide(readAll, inSession, "GET", "orders")).decision.decision).toBe("Allow");

    const inRole = { ...readAll, block: deny("execute-api:Invoke", `${API}/GET/secret`) };
    const fromRole = await decide(
      inRole,
      cognitoClaims({ sessionPolicy: allow("execute-api:Invoke", "*") }),
      "GET",
      "secret",
    );
    expect(fromRole.decision.decision).toBe("ExplicitDeny");
    expect(fromRole.decision.statements.map((s) => s.policy.source)).toEqual(["roles.Reader.Policies.block"]);
  });

  it("confines each identity to its own path with ${cognito-identity.amazonaws.com:sub}", async () => {
    const own = {
      own: allow("execute-api:Invoke", `${API}/*/files/\${cognito-identity.amazonaws.com:sub}/*`),
    };
    expect((await decide(own, cognitoClaims(), "GET", `files/${IDENTITY}/a.txt`)).decision.decision).toBe(
      "Allow",
    );
    const other = "us-east-1:99999999-aaaa-4bbb-8ccc-ddddeeeeffff";
    expect((await decide(own, cognitoClaims(), "GET", `files/${other}/a.txt`)).decision.decision).toBe(
      "ImplicitDeny",
    );
    const theirs = cognitoClaims({ subject: other, identityId: other });
    expect((await decide(own, theirs, "PUT", `files/${other}/a.txt`)).decision.decision).toBe("Allow");
  });

  it("reads principal tags and the amr in conditions", async () => {
    const byTag = {
      team: {
        Version: "2012-10-17",
        Statement: {
          Effect: "Allow",
          Action: "execute-api:Invoke",
          Resource: `${API}/GET/teams/\${aws:PrincipalTag/team}/*`,
          Condition: {
            "ForAnyValue:StringEquals": { "cognito-identity.amazonaws.com:amr": "authenticated" },
          },
        },
      },
    };
    const red = cognitoClaims({ principalTags: { team: "red" } });
    expect((await decide(byTag, red, "GET", "teams/red/board")).decision.decision).toBe("Allow");
    expect((await decide(byTag, red, "GET", "teams/blue/board")).decision.decision).toBe("ImplicitDeny");
    const guest = cognitoClaims({ principalTags: { team: "red" }, amr: ["unauthenticated"] });
    expect((await decide(byTag, guest, "GET", "teams/red/board")).decision.decision).toBe("ImplicitDeny");
    expect((await decide(byTag, cognitoClaims(), "GET", "teams/red/board")).decision.decision).toBe(
      "ImplicitDeny",
    );
  });

  it("allows nothing under a session policy that does not parse", async () => {
    const claims = cognitoClaims({ sessionPolicy: { Statement: { Effect: "Maybe" } } });
    const { decision } = await decide(readAll, claims, "GET", "orders");
    expect(decision.decision).toBe("ImplicitDeny");
    expect(decision.session?.decision).toBe("ImplicitDeny");
  });

  it("parses a session's policy once per claims object", async () => {
    const claims = Object.freeze(
      cognitoClaims({ sessionPolicy: allow("execute-api:Invoke", `${API}/GET/*`) }),
    );
    const first = await decide(readAll, claims, "GET", "orders");
    const second = await decide(readAll, claims, "GET", "orders");
    const policyOf = (d: typeof first) =>
      d.decision.statements.find((s) => s.policy.source === "session policy")?.policy;
    expect(policyOf(first)).toBeDefined();
    expect(policyOf(second)).toBe(policyOf(first));
  });
});

describe("parseSessionPolicy", () => {
  it("parses an identity policy, and refuses a Principal or a bad document", () => {
    expect(parseSessionPolicy(JSON.stringify(allow("s3:GetObject", "*"))).source).toBe("session policy");
    expect(() =>
      parseSessionPolicy({ Statement: { Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "*" } }),
    ).toThrow(/session policy: Statement.Principal: an identity policy names no principal/);
    expect(() => parseSessionPolicy("{")).toThrow(/not valid JSON/);
  });
});
