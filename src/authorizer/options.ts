import type { Context } from "hono";
import type { Policy } from "../policy/types.js";
import type { SignatureCrypto } from "../runtime/crypto.js";
import {
  join,
  objectOf,
  optionalFunction,
  optionalNumber,
  optionalString,
  optionalStrings,
  OptionsError,
  shown,
} from "../util/validate.js";
import { cognitoProfile, type CognitoIssuerOptions } from "./verify/cognito.js";
import { discoverJwksUri } from "./verify/discovery.js";
import { RemoteJwks, type JwksOptions } from "./verify/jwks.js";
import { RevocationList } from "./verify/revocations.js";
import { oidcProfile, type OidcIssuerOptions } from "./verify/oidc.js";
import { PolicySelector, resolvePolicies, type PolicyOptions } from "./policies.js";
import type { ApiCoordinates } from "./request-context.js";
import type { IssuerProfile, KeySource } from "./verify/profile.js";
import type { VerifierSettings } from "./verify/verifier.js";

export type { CognitoIssuerOptions, OidcIssuerOptions };
export type IssuerOptions = CognitoIssuerOptions | OidcIssuerOptions;

/** How issuers' keys are fetched and kept. Every field has a default. */
export interface JwksTuning {
  /** Freshness of a JWKS or discovery document that sends no `Cache-Control: max-age`. Default 600. */
  ttlSeconds?: number;
  /** Bounds on a server's `max-age`. Defaults 60 and 86400. */
  minTtlSeconds?: number;
  maxTtlSeconds?: number;
  /** After a fetch, a token with an unknown `kid` may trigger the next one only after this. Default 30. */
  cooldownSeconds?: number;
  /** Abort a fetch after this long. Default 5000. */
  timeoutMs?: number;
  /** Refuse a JWKS or discovery document larger than this. Default 65536. */
  maxBytes?: number;
  /** After a failed fetch, answer 503 with this `Retry-After` and fetch no sooner. Default 2. */
  retryAfterSeconds?: number;
}

/**
 * Options of {@link authorizer}. Validated when the factory is called.
 *
 * @example
 * ```ts
 * const options: AuthorizerOptions = {
 *   issuers: [{ type: "cognito", userPoolId: "eu-west-1_AbCdEf", clientId: null, tokenUse: "access" }],
 *   scopes: ["orders/read"],
 *   leeway: 5,
 *   jwks: { cooldownSeconds: 60 },
 * };
 * ```
 */
export interface AuthorizerOptions {
  /** The trusted issuers. A token is matched to one by its exact `iss`; any other issuer is refused unfetched. */
  issuers: IssuerOptions[];
  /** Any one of these scopes is required (as API Gateway's Cognito authorizer). */
  scopes?: string[];
  /** Membership of any one of these groups is required. */
  groups?: string[];
  /** The `realm` of `WWW-Authenticate` challenges. Default `"cognate"`. */
  realm?: string;
  /** Seconds of clock skew allowed on `exp`, `nbf`, `iat`. Default 0, as aws-jwt-verify. */
  leeway?: number;
  /** Longer tokens are refused before any work. Default 8192 characters. */
  maxTokenLength?: number;
  /** The cache of verified tokens: `false` turns it off. Default `{ max: 10000 }`. */
  cache?: false | { max?: number };
  jwks?: JwksTuning;
  /** The fetch used for JWKS and discovery. Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** The clock, in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
  /**
   * IAM-style policies every authenticated request must be allowed by (action `execute-api:Invoke`
   * on the request's execute-api ARN; context keys in docs/policies.md). Without it, no policy is
   * evaluated.
   */
  policies?: PolicyOptions;
  /** The execute-api ARN's region. Default: the first Cognito issuer's region, else `us-east-1`. */
  region?: string;
  /** The execute-api ARN's account. Default `000000000000`. */
  accountId?: string;
  /** The execute-api ARN's API id. Default `cognate`. */
  apiId?: string;
  /** The execute-api ARN's stage. Default `$default`. */
  stage?: string;
  /** RFC 9470 step-up: the `acr_values` a challenge asks for when MFA is missing. Default `["mfa"]`. */
  stepUp?: { acrValues?: string[] };
  /** The client's IP address for `aws:SourceIp`, e.g. from Hono's `getConnInfo`. Default: the key is absent. */
  sourceIp?: (c: Context) => string | undefined;
  /**
   * Whether the request came over TLS, for `aws:SecureTransport`: a runtime fact, handed in. Default:
   * the request URL's scheme, which is right where the runtime builds the URL from the connection
   * (workerd). Under `@hono/node-server` a client sets that scheme with an absolute-form request
   * line (`GET https://host/path HTTP/1.1` over plain TCP): there, pass
   * `(c) => c.env.incoming.socket.encrypted === true`. The gateway hands in its own.
   */
  secureTransport?: (c: Context) => boolean;
  /**
   * Lower-case the request's path before policies see it (routes' `path` patterns and the resource
   * ARN), for an upstream that matches paths case-insensitively: write the policies' resources and
   * `routes` in lower case. Default `false` (case-sensitive, as API Gateway).
   */
  caseInsensitivePaths?: boolean;
}

/** What policy evaluation needs, resolved. */
export interface PolicyGate {
  selector: PolicySelector;
  resource: Policy | undefined;
  api: ApiCoordinates;
  acrValues: string[];
  sourceIp: ((c: Context) => string | undefined) | undefined;
  secureTransport: (c: Context) => boolean;
  caseInsensitivePaths: boolean;
}

export interface ResolvedOptions {
  verifier: VerifierSettings;
  /** Issuers whose tokens are checked against a revocation feed; undefined when none is. */
  revocations: Map<string, RevocationList> | undefined;
  scopes: string[] | undefined;
  groups: string[] | undefined;
  realm: string;
  retryAfterSeconds: number;
  policy: PolicyGate | undefined;
}

const FIELDS = [
  "issuers",
  "scopes",
  "groups",
  "realm",
  "leeway",
  "maxTokenLength",
  "cache",
  "jwks",
  "fetch",
  "now",
];
const POLICY_FIELDS = [
  "policies",
  "region",
  "accountId",
  "apiId",
  "stage",
  "stepUp",
  "sourceIp",
  "secureTransport",
  "caseInsensitivePaths",
];
/** `aws:SecureTransport` by default: the request URL's scheme (see `AuthorizerOptions.secureTransport`). */
export const urlIsHttps = (c: Context) => c.req.url.startsWith("https:");
const ARN_PART = (s: string) => (/^[A-Za-z0-9$_.-]+$/.test(s) ? null : "must be letters, digits, $ _ . or -");

/**
 * The execute-api ARN's coordinates from the options `region`, `accountId`, `apiId`, `stage`;
 * `region` defaults to `defaultRegion`.
 */
export function apiCoordinates(
  obj: Record<string, unknown>,
  path: string,
  defaultRegion: string,
): ApiCoordinates {
  return {
    region:
      optionalString(obj, "region", path, (r) =>
        /^[a-z]{2}(-[a-z]+)+-\d+$/.test(r) ? null : "must be an AWS region",
      ) ?? defaultRegion,
    accountId:
      optionalString(obj, "accountId", path, (a) => (/^\d{12}$/.test(a) ? null : "must be 12 digits")) ??
      "000000000000",
    apiId: optionalString(obj, "apiId", path, ARN_PART) ?? "cognate",
    stage: optionalString(obj, "stage", path, ARN_PART) ?? "$default",
  };
}

function resolveGate(obj: Record<string, unknown>, path: string): PolicyGate | undefined {
  const sourceIp = optionalFunction<(c: Context) => string | undefined>(obj, "sourceIp", path);
  const secureTransport =
    optionalFunction<(c: Context) => boolean>(obj, "secureTransport", path) ?? urlIsHttps;
  const caseInsensitivePaths = obj.caseInsensitivePaths ?? false;
  if (typeof caseInsensitivePaths !== "boolean")
    throw new OptionsError(
      join(path, "caseInsensitivePaths"),
      `must be true or false, got ${shown(caseInsensitivePaths)}`,
    );
  const stepUp = objectOf(obj.stepUp ?? {}, join(path, "stepUp"), ["acrValues"]);
  const acrValues = optionalStrings(stepUp, "acrValues", join(path, "stepUp"), (v) =>
    /^[\x21\x23-\x5b\x5d-\x7e]+$/.test(v) ? null : "must be a token",
  ) ?? ["mfa"];
  const pools = (obj.issuers as { type?: unknown; userPoolId?: unknown }[]).filter(
    (i) => i.type === "cognito",
  );
  const api = apiCoordinates(obj, path, String(pools[0]?.userPoolId ?? "us-east-1_").split("_")[0]!);
  if (obj.policies === undefined) return undefined;
  const attachments = resolvePolicies(obj.policies, join(path, "policies"), { caseInsensitivePaths });
  return {
    selector: new PolicySelector(attachments),
    resource: attachments.resource,
    api,
    acrValues,
    sourceIp,
    secureTransport,
    caseInsensitivePaths,
  };
}
const JWKS_FIELDS = [
  "ttlSeconds",
  "minTtlSeconds",
  "maxTtlSeconds",
  "cooldownSeconds",
  "timeoutMs",
  "maxBytes",
  "retryAfterSeconds",
];

/** Validates authorizer options, naming the bad field, and builds the issuers' profiles. */
export function resolveOptions(options: unknown, crypto: SignatureCrypto, path = ""): ResolvedOptions {
  const obj = objectOf(options, path, [...FIELDS, ...POLICY_FIELDS]);
  const now = optionalFunction<() => number>(obj, "now", path) ?? Date.now;
  const tuning = objectOf(obj.jwks ?? {}, join(path, "jwks"), JWKS_FIELDS);
  const jp = join(path, "jwks");
  const seconds = (key: string, fallback: number, max = 86_400) =>
    (optionalNumber(tuning, key, jp, 0, max) ?? fallback) * 1000;
  const retryAfterSeconds = optionalNumber(tuning, "retryAfterSeconds", jp, 0, 3600) ?? 2;
  const jwksOptions: JwksOptions = {
    crypto,
    now,
    fetch: optionalFunction<typeof fetch>(obj, "fetch", path) ?? ((input, init) => fetch(input, init)),
    defaultTtlMs: seconds("ttlSeconds", 600),
    minTtlMs: seconds("minTtlSeconds", 60),
    maxTtlMs: seconds("maxTtlSeconds", 86_400, 604_800),
    cooldownMs: seconds("cooldownSeconds", 30),
    timeoutMs: optionalNumber(tuning, "timeoutMs", jp, 1, 60_000) ?? 5000,
    maxBytes: optionalNumber(tuning, "maxBytes", jp, 1024, 16 * 1024 * 1024) ?? 65_536,
    failureBackoffMs: retryAfterSeconds * 1000,
  };

  const sets = new Map<string, RemoteJwks>();
  const keysFor = (source: KeySource) => {
    const id = "jwksUri" in source ? source.jwksUri : `discover:${source.discover}`;
    let set = sets.get(id);
    if (set === undefined) {
      set = new RemoteJwks(
        "jwksUri" in source ? source.jwksUri : discoverJwksUri(source.discover, jwksOptions),
        jwksOptions,
      );
      sets.set(id, set);
    }
    return set;
  };

  const revocationsFor = (uri: string, refreshMs: number, maxStaleMs: number, secret?: string) =>
    new RevocationList(uri, {
      fetch: jwksOptions.fetch,
      timeoutMs: jwksOptions.timeoutMs,
      maxBytes: 4 * 1024 * 1024,
      now,
      refreshMs,
      maxStaleMs,
      secret,
    });

  const ip = join(path, "issuers");
  if (!Array.isArray(obj.issuers) || obj.issuers.length === 0) {
    throw new OptionsError(ip, `must be a non-empty array of issuers, got ${shown(obj.issuers)}`);
  }
  const profiles: IssuerProfile[] = obj.issuers.map((issuer: unknown, i: number) => {
    const at = join(ip, i);
    const type = (issuer as { type?: unknown } | null)?.type;
    if (type === "cognito") return cognitoProfile(issuer, at, keysFor, revocationsFor);
    if (type === "oidc") return oidcProfile(issuer, at, keysFor);
    throw new OptionsError(join(at, "type"), `must be "cognito" or "oidc", got ${shown(type)}`);
  });
  profiles.forEach((p, i) => {
    if (profiles.findIndex((q) => q.issuer === p.issuer) !== i) {
      throw new OptionsError(join(ip, i), `issuer ${p.issuer} is listed twice`);
    }
  });

  const cache = obj.cache;
  if (cache !== undefined && cache !== false && (typeof cache !== "object" || cache === null)) {
    throw new OptionsError(join(path, "cache"), `must be false or { max }, got ${shown(cache)}`);
  }
  const cacheMax =
    cache === false
      ? 0
      : (optionalNumber(
          objectOf(cache ?? {}, join(path, "cache"), ["max"]),
          "max",
          join(path, "cache"),
          1,
          10_000_000,
        ) ?? 10_000);

  const revocations = new Map(
    profiles.flatMap((p) => (p.revocations === undefined ? [] : [[p.issuer, p.revocations] as const])),
  );
  return {
    revocations: revocations.size === 0 ? undefined : revocations,
    verifier: {
      profiles,
      crypto,
      now,
      leeway: optionalNumber(obj, "leeway", path, 0, 3600) ?? 0,
      maxTokenLength: optionalNumber(obj, "maxTokenLength", path, 256, 1_048_576) ?? 8192,
      cacheMax,
    },
    scopes: optionalStrings(obj, "scopes", path),
    groups: optionalStrings(obj, "groups", path),
    realm: optionalString(obj, "realm", path) ?? "cognate",
    retryAfterSeconds,
    policy: resolveGate(obj, path),
  };
}
