// The roles and routes the identity-pool end-to-end scenarios run against, the same on Node (files
// of policies/roles/) and on wrangler dev (the configuration's `roles`): who may call which path of
// one upstream API, `"auth": "iam"`.
const SUB = "${cognito-identity.amazonaws.com:sub}";
const API = "arn:aws:execute-api:*:*:*/*";
const policy = (...Statement: object[]) => ({ Version: "2012-10-17", Statement });
const invoke = (path: string, method = "GET", extra: object = {}) => ({
  Effect: "Allow",
  Action: "execute-api:Invoke",
  Resource: `${API}/${method}/${path}`,
  ...extra,
});

/** A trust policy for Cognito Identity: any pool of us-east-1, for identities of `amr`. */
const trust = (amr: "authenticated" | "unauthenticated", aud = "us-east-1:*") => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: "cognito-identity.amazonaws.com" },
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
      Condition: {
        StringLike: { "cognito-identity.amazonaws.com:aud": aud },
        "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr },
      },
    },
  ],
});

/** The pool id no identity pool ever has: a role trusting only it trusts none of the scenarios'. */
export const NOBODY_POOL = "us-east-1:00000000-0000-4000-8000-000000000000";

export const ROLES = {
  // Signed-in users: their own files, and the public folder.
  Member: {
    AssumeRolePolicyDocument: trust("authenticated"),
    Policies: { own: policy(invoke(`files/${SUB}/*`), invoke(`files/${SUB}/*`, "PUT"), invoke("public/*")) },
  },
  // Guests: the public folder only.
  Guest: {
    AssumeRolePolicyDocument: trust("unauthenticated"),
    Policies: { read: policy(invoke("public/*")) },
  },
  // The admins group's role (cognito:roles, by a Token mapping): everything but the vault.
  Admin: {
    AssumeRolePolicyDocument: trust("authenticated"),
    Policies: {
      all: policy({ Effect: "Allow", Action: "execute-api:Invoke", Resource: `${API}/*` }),
      vault: policy({ Effect: "Deny", Action: "execute-api:Invoke", Resource: `${API}/*/vault/*` }),
    },
  },
  // Chosen by a Rules mapping on custom:dept; the sales folder needs the department's session tag too.
  Sales: {
    AssumeRolePolicyDocument: trust("authenticated"),
    Policies: {
      sales: policy(
        invoke("sales/*", "GET", { Condition: { StringEquals: { "aws:PrincipalTag/department": "sales" } } }),
      ),
    },
  },
  // The basic flow's role, assumed through STS with the identity service's OpenID token.
  Classic: {
    AssumeRolePolicyDocument: trust("authenticated"),
    Policies: { classic: policy(invoke("classic/*")) },
    MaxSessionDuration: 7200,
  },
  // Trusts another pool only.
  Stranger: {
    AssumeRolePolicyDocument: trust("authenticated", NOBODY_POOL),
    Policies: { any: policy(invoke("*")) },
  },
};

/** The iam routes, all to one upstream. */
export function routes(upstream: string) {
  return ["/files/*", "/public/*", "/admin/*", "/vault/*", "/sales/*", "/classic/*"].map((path) => ({
    path,
    upstream,
    auth: "iam",
  }));
}
