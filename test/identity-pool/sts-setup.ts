// The STS suites' set-up: the Node entry with roles as files and broken OIDC issuers configured,
// a good AssumeRoleWithWebIdentity call's parameters, and a sender that checks each answer is
// STS's XML <ErrorResponse> with the status and code expected, repeating no token.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { inPool, wire } from "../helpers/bad-input/wire.js";
import { IDENTITY_WIRE } from "./bad-input-wire.js";
import { startBrokenIssuers } from "./broken-issuers.js";
import { ADMIN, identityServer } from "./setup.js";

/** Form parameters, in order, repeats allowed. */
export type Pairs = [string, string][];

/** A role ARN of cognate's account. */
export const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`;

/** The parameters as a form body. */
export const form = (pairs: Pairs) => new URLSearchParams(pairs).toString();

/** One call and what must answer it. */
export interface StsCase {
  label: string;
  codes: readonly string[];
  /** Default: a form POST of `pairs`. */
  pairs?: Pairs;
  request?: () => { path?: string; init: RequestInit };
  /** Default 400. */
  status?: number;
}

interface StsAnswer {
  status: number;
  contentType: string | null;
  text: string;
}

const ERROR =
  /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>(\w+)<\/Code><Message>([^<]*)<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/;

/** What is wrong with the answer to `c`, or undefined. */
function problemOf(c: StsCase, answer: StsAnswer, sent: string): string | undefined {
  const said = `${answer.status} ${answer.text.slice(0, 300)}`;
  if (answer.status !== (c.status ?? 400)) return `status ${said}`;
  if (answer.contentType !== "text/xml") return `content type ${answer.contentType}: ${said}`;
  const match = ERROR.exec(answer.text);
  if (match === null) return `not STS's <ErrorResponse>: ${said}`;
  if (!c.codes.includes(match[1]!)) return `expected ${c.codes.join(" or ")}: ${said}`;
  if (match[2]!.length === 0) return `no message: ${said}`;
  const tokens = [...sent.matchAll(/WebIdentityToken=([^&]{8,})/g)].map((m) =>
    decodeURIComponent(m[1]!).slice(0, 64),
  );
  if (tokens.some((t) => match[2]!.includes(t))) return `the message repeats the token: ${said}`;
  return undefined;
}

const trust = (aud: string) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Federated: "cognito-identity.amazonaws.com" },
      Action: ["sts:AssumeRoleWithWebIdentity", "sts:TagSession"],
      Condition: { StringLike: { "cognito-identity.amazonaws.com:aud": aud } },
    },
  ],
});

/**
 * Starts the Node entry for the calling suite (roles Web and Long, which trust this region's
 * pools, and Elsewhere, which trusts another's; the broken OIDC issuers configured) and gives what
 * its tests call STS with: a good call's parameters (a token of GetOpenIdToken) and a sender that
 * checks every answer is STS's own error.
 */
export async function stsServer() {
  const policies = mkdtempSync(join(tmpdir(), "cognate-sts-policies-"));
  mkdirSync(join(policies, "roles"));
  for (const [name, document] of Object.entries({
    Web: { AssumeRolePolicyDocument: trust("us-east-1:*"), Policies: {} },
    Long: { AssumeRolePolicyDocument: trust("us-east-1:*"), Policies: {}, MaxSessionDuration: 43200 },
    Elsewhere: { AssumeRolePolicyDocument: trust("eu-west-1:*"), Policies: {} },
  }))
    writeFileSync(join(policies, "roles", `${name}.json`), JSON.stringify(document));

  // OIDC providers whose keys cannot be had, or are no keys, in the configuration.
  const broken = await startBrokenIssuers();
  afterAll(() => broken.close());
  const config = join(mkdtempSync(join(tmpdir(), "cognate-sts-config-")), "cognate.json");
  writeFileSync(
    config,
    JSON.stringify({
      openIdConnectProviders: broken.issuers.map(({ url, jwksUri }) => ({
        url,
        clientIds: ["app"],
        ...(jwksUri !== undefined && { jwksUri }),
      })),
    }),
  );

  const { url } = identityServer({ COGNATE_POLICIES: policies, COGNATE_CONFIG: config });

  const tokens = { token: "", bigTagsToken: "" };

  beforeAll(async () => {
    const call = wire(url(), ADMIN, IDENTITY_WIRE);
    const ok = async (operation: string, input: unknown) => {
      const answer = await call(operation, JSON.stringify(input));
      if (answer.status !== 200) throw new Error(`${operation}: ${JSON.stringify(answer.body)}`);
      return answer.body as Record<string, string>;
    };
    const { IdentityPoolId } = await ok("CreateIdentityPool", {
      IdentityPoolName: "sts",
      AllowUnauthenticatedIdentities: true,
      AllowClassicFlow: true,
      DeveloperProviderName: "login.sts",
    });
    const { IdentityId } = await ok("GetId", { IdentityPoolId });
    tokens.token = (await ok("GetOpenIdToken", { IdentityId: IdentityId! })).Token!;
    // 20 of the model's largest principal tags: a token within STS's 20000 characters, whose tags
    // outgrow a session token.
    tokens.bigTagsToken = (
      await ok("GetOpenIdTokenForDeveloperIdentity", {
        IdentityPoolId,
        Logins: { "login.sts": "many-tags" },
        PrincipalTags: Object.fromEntries(
          Array.from({ length: 20 }, (_, i) => [
            `${String(i).padStart(2, "0")}${"k".repeat(126)}`,
            "v".repeat(256),
          ]),
        ),
      })
    ).Token!;
  });

  /** The base call: every parameter good. */
  const base = (): Pairs => [
    ["Action", "AssumeRoleWithWebIdentity"],
    ["Version", "2011-06-15"],
    ["RoleArn", role("Web")],
    ["RoleSessionName", "bad-input"],
    ["WebIdentityToken", tokens.token],
  ];
  /** The base call with `name` set to `value` (added when absent), or removed for `undefined`. */
  const withParam = (name: string, value: string | undefined, pairs = base()): Pairs =>
    value === undefined
      ? pairs.filter(([n]) => n !== name)
      : pairs.some(([n]) => n === name)
        ? pairs.map(([n, v]) => [n, n === name ? value : v])
        : [...pairs, [name, value]];

  async function send(c: StsCase): Promise<StsAnswer> {
    const { path = "/", init } = c.request?.() ?? {
      init: {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
        body: form(c.pairs ?? base()),
      },
    };
    const response = await fetch(`${url()}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      text: await response.text(),
    };
  }

  async function problemsOf(cases: readonly StsCase[]): Promise<string[]> {
    const problems: string[] = [];
    await inPool(cases, 8, async (c) => {
      try {
        const answer = await send(c);
        const sent = c.pairs === undefined ? "" : form(c.pairs);
        const problem = problemOf(c, answer, sent);
        if (problem !== undefined) problems.push(`${c.label}: ${problem}`);
      } catch (error) {
        problems.push(`${c.label}: ${(error as Error).message}`);
      }
    });
    return problems;
  }
  return { url, tokens, broken: broken.issuers, base, withParam, send, problemsOf };
}
