// Generated policy/request pairs for the differential test: seeded, so every run (and every
// disagreement) is reproducible. Covers every operator family, the modifiers, policy variables,
// NotAction/NotResource and wildcards, with values drawn so that conditions hold about half the time.

export interface Case {
  name: string;
  policies: Record<string, unknown>[];
  action: string;
  resource: string;
  context: Record<string, string | string[]>;
}

/** mulberry32: a small, fast, seedable PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ACCOUNT = "123456789012";
export const REQUESTS: [string, string][] = [
  ["execute-api:Invoke", `arn:aws:execute-api:us-east-1:${ACCOUNT}:api1/prod/GET/orders/42`],
  ["execute-api:Invoke", `arn:aws:execute-api:eu-west-1:${ACCOUNT}:api1/dev/POST/admin/users`],
  ["s3:GetObject", "arn:aws:s3:::bucket/home/bob/notes.txt"],
  ["s3:PutObject", "arn:aws:s3:::bucket/home/Bobby/x"],
  ["s3:PutObject", "arn:aws:s3:::bucket/home/bob/x"],
  ["iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/bob`],
  ["sqs:SendMessage", `arn:aws:sqs:us-east-1:${ACCOUNT}:queue:with:colons`],
];

const ACTION_PATTERNS = [
  "*",
  "execute-api:Invoke",
  "execute-api:invoke",
  "EXECUTE-API:*",
  "execute-api:Inv?ke",
  "s3:Get*",
  "s3:*Object",
  "iam:*AccessKey*",
  "sqs:Send*",
  "s3:Put?bject",
  "ec2:*",
];
const RESOURCE_PATTERNS = [
  "*",
  "arn:aws:execute-api:*:*:*",
  `arn:aws:execute-api:us-east-1:${ACCOUNT}:api1/*/GET/*`,
  `arn:aws:execute-api:*:${ACCOUNT}:api1/prod/get/*`,
  "arn:aws:execute-api:us-?ast-1:*:api1/*",
  `arn:aws:execute-api:eu-west-1:${ACCOUNT}:api1/dev/POST/admin/*`,
  "arn:aws:s3:::bucket/home/${aws:username}/*",
  "arn:aws:s3:::bucket/home/${aws:username, 'bob'}/*",
  "arn:aws:s3:::bucket/home/bob/*",
  "arn:aws:s3:::bucket/*",
  "arn:aws:s3:::bucket/home/${aws:PrincipalTag/team}/*",
  "arn:aws:s3:::bucket/home/Bob${*}/x",
  `arn:aws:iam::${ACCOUNT}:user/\${aws:username}`,
  `arn:aws:iam::${ACCOUNT}:user/*`,
  `arn:aws:sqs:us-east-1:${ACCOUNT}:queue:*`,
  `arn:aws:sqs:*:*:queue:with:colons`,
];

type Gen = (r: () => number) => [Record<string, Record<string, string | string[]>>, string];

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
export const some = <T>(r: () => number, xs: readonly T[], max = 3): T[] =>
  Array.from({ length: 1 + Math.floor(r() * max) }, () => pick(r, xs));
export const maybeList = (r: () => number, xs: string[]): string | string[] =>
  xs.length === 1 && r() < 0.5 ? xs[0]! : xs;
export const modifier = (r: () => number, base: string, sets = true, ifExists = true) =>
  `${sets && r() < 0.3 ? pick(r, ["ForAnyValue:", "ForAllValues:"]) : ""}${base}${ifExists && r() < 0.25 ? "IfExists" : ""}`;

const STRING_KEYS = [
  "aws:username",
  "jwt:sub",
  "aws:PrincipalTag/team",
  "jwt:groups",
  "jwt:scope",
  "aws:missing",
];
const STRING_VALUES = [
  "bob",
  "Bob",
  "BOB",
  "alice",
  "b?b",
  "b*",
  "*",
  "admins",
  "orders/read",
  "orders/*",
  "blue",
  "${aws:username}",
  "${jwt:sub}",
  "x${aws:PrincipalTag/team}",
  "${aws:missing, 'bob'}",
  "${*}",
  "u-1",
];

/** The String condition operators, each generator's pick among them. */
export const STRING_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
];

const GENERATORS: Gen[] = [
  (r) => {
    const op = pick(r, STRING_OPERATORS);
    return [
      { [modifier(r, op)]: { [pick(r, STRING_KEYS)]: maybeList(r, some(r, STRING_VALUES)) } },
      "String",
    ];
  },
  (r) => {
    const op = pick(r, [
      "NumericEquals",
      "NumericNotEquals",
      "NumericLessThan",
      "NumericLessThanEquals",
      "NumericGreaterThan",
      "NumericGreaterThanEquals",
    ]);
    const key = pick(r, ["aws:MultiFactorAuthAge", "jwt:level", "aws:missing", "jwt:sub"]);
    return [
      { [modifier(r, op)]: { [key]: maybeList(r, some(r, ["0", "300", "299.5", "3600", "-1", "42"])) } },
      "Numeric",
    ];
  },
  (r) => {
    const op = pick(r, [
      "DateEquals",
      "DateNotEquals",
      "DateLessThan",
      "DateLessThanEquals",
      "DateGreaterThan",
      "DateGreaterThanEquals",
    ]);
    const key = pick(r, ["aws:CurrentTime", "aws:TokenIssueTime", "aws:missing"]);
    const values = [
      "2026-11-26T12:00:00Z",
      "2026-11-26",
      "2025-01-01T00:00:00Z",
      "2027-01-01T00:00:00+02:00",
      "2026-11-26T12:00:00.000Z",
    ];
    return [{ [modifier(r, op)]: { [key]: maybeList(r, some(r, values)) } }, "Date"];
  },
  (r) => [
    {
      [modifier(r, "Bool")]: {
        [pick(r, ["aws:MultiFactorAuthPresent", "aws:SecureTransport", "aws:missing"])]: pick(r, [
          "true",
          "false",
          "TRUE",
        ]),
      },
    },
    "Bool",
  ],
  (r) => [
    {
      [modifier(r, "BinaryEquals", false)]: {
        [pick(r, ["jwt:blob", "aws:missing"])]: pick(r, ["QmluYXJ5", "b3RoZXI=", "QmluYXJ5"]),
      },
    },
    "Binary",
  ],
  (r) => {
    const op = pick(r, ["IpAddress", "NotIpAddress"]);
    const values = [
      "203.0.113.0/24",
      "203.0.113.7",
      "198.51.100.0/22",
      "0.0.0.0/0",
      "2001:db8::/32",
      "2001:db8:0:0:0:0:0:1/128",
      "10.0.0.0/8",
    ];
    return [
      { [modifier(r, op)]: { [pick(r, ["aws:SourceIp", "aws:missing"])]: maybeList(r, some(r, values)) } },
      "Ip",
    ];
  },
  (r) => {
    const op = pick(r, ["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"]);
    const values = [
      `arn:aws:iam::${ACCOUNT}:role/admin`,
      `arn:aws:iam::*:role/*`,
      `arn:aws:iam::${ACCOUNT}:role/adm?n`,
      "arn:aws:iam::*:user/${aws:username}",
      `arn:aws:iam::${ACCOUNT}:*`,
      "arn:aws:s3:::*",
    ];
    return [
      {
        [modifier(r, op)]: {
          [pick(r, ["aws:PrincipalArn", "jwt:roles", "aws:missing"])]: maybeList(r, some(r, values)),
        },
      },
      "Arn",
    ];
  },
  (r) => [
    {
      Null: {
        [pick(r, ["aws:MultiFactorAuthAge", "aws:missing", "jwt:groups", "aws:SourceIp"])]: pick(r, [
          "true",
          "false",
        ]),
      },
    },
    "Null",
  ],
];

function contextFor(r: () => number): Record<string, string | string[]> {
  const all: Record<string, string | string[]> = {
    "aws:username": pick(r, ["bob", "Bob*", "alice", "BOB"]),
    "jwt:sub": pick(r, ["u-1", "bob", "b*"]),
    "aws:PrincipalTag/team": pick(r, ["blue", "red"]),
    "jwt:groups": pick(r, [["admins"], ["admins", "users"], [], ["bob", "Bob"]]),
    "jwt:scope": pick(r, [["orders/read"], ["orders/read", "orders/write"], ["profile"]]),
    "aws:MultiFactorAuthAge": pick(r, ["0", "299", "300", "301", "5000"]),
    "jwt:level": pick(r, ["42", "42.0", "1e3", "abc"]),
    "aws:CurrentTime": pick(r, ["2026-11-26T12:00:00Z", "2025-06-01T00:00:00Z", "2027-02-01T10:00:00Z"]),
    "aws:TokenIssueTime": pick(r, ["2026-11-26T11:00:00Z", "2026-11-26T12:00:00Z"]),
    "aws:MultiFactorAuthPresent": pick(r, ["true", "false"]),
    "aws:SecureTransport": pick(r, ["true", "false"]),
    "jwt:blob": pick(r, ["QmluYXJ5", "b3RoZXI="]),
    "aws:SourceIp": pick(r, ["203.0.113.7", "198.51.100.200", "10.1.2.3", "2001:db8::1", "2001:db9::1"]),
    "aws:PrincipalArn": pick(r, [
      `arn:aws:iam::${ACCOUNT}:role/admin`,
      `arn:aws:iam::${ACCOUNT}:role/other`,
      `arn:aws:iam::${ACCOUNT}:user/bob`,
    ]),
    "jwt:roles": pick(r, [
      [`arn:aws:iam::${ACCOUNT}:role/admin`],
      [`arn:aws:iam::${ACCOUNT}:role/admin`, "arn:aws:iam::999999999999:role/x"],
    ]),
  };
  // Each key present with probability 0.8: absent keys exercise the missing-key rules.
  return Object.fromEntries(Object.entries(all).filter(() => r() < 0.8));
}

// Patterns that cover the request (about half the time), so that statements apply often enough.
function covering(r: () => number, action: string, resource: string): [string, string] {
  const service = action.slice(0, action.indexOf(":"));
  const slash = resource.lastIndexOf("/");
  const resourcePattern = pick(r, [
    "*",
    slash > 0 ? `${resource.slice(0, slash)}/*` : `${resource.slice(0, resource.lastIndexOf(":"))}:*`,
    resource,
  ]);
  return [pick(r, ["*", action, `${service}:*`, action.toUpperCase()]), resourcePattern];
}

function statementFor(
  r: () => number,
  families: Set<string>,
  action: string,
  resource: string,
): Record<string, unknown> {
  const s: Record<string, unknown> = { Effect: r() < 0.35 ? "Deny" : "Allow" };
  const actions = some(r, ACTION_PATTERNS, 2);
  const resources = some(r, RESOURCE_PATTERNS, 2);
  if (r() < 0.5) {
    const [a, res] = covering(r, action, resource);
    actions.push(a);
    resources.push(res);
  }
  s[r() < 0.15 ? "NotAction" : "Action"] = maybeList(r, actions);
  s[r() < 0.15 ? "NotResource" : "Resource"] = maybeList(r, resources);
  if (r() < 0.75) {
    const condition: Record<string, Record<string, string | string[]>> = {};
    for (let i = 0; i < 1 + Math.floor(r() * 1.5); i++) {
      const [block, family] = pick(r, GENERATORS)(r);
      families.add(family);
      for (const [op, keys] of Object.entries(block)) condition[op] = { ...condition[op], ...keys };
    }
    s.Condition = condition;
  }
  return s;
}

/** `n` cases from `seed`, and the operator families they exercise. */
export function generateCases(n: number, seed: number): { cases: Case[]; families: Set<string> } {
  const r = rng(seed);
  const families = new Set<string>();
  const cases: Case[] = [];
  for (let i = 0; i < n; i++) {
    const [action, resource] = pick(r, REQUESTS);
    const statements = Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
      statementFor(r, families, action, resource),
    );
    const version = r() < 0.9 ? "2012-10-17" : "2008-10-17";
    cases.push({
      name: `case ${i} (seed ${seed})`,
      policies: [{ Version: version, Statement: statements }],
      action,
      resource,
      context: contextFor(r),
    });
  }
  return { cases, families };
}
