/**
 * User pool domains, as the four domain operations share them: the input shapes, the rules a
 * prefix and a custom domain follow, the stored description, and the model's DomainDescriptionType.
 * A prefix domain answers at `{prefix}.{domainSuffix}`, a custom one at its own host name; both are
 * ACTIVE at once (there is no CloudFront to wait for).
 */
import {
  FeatureUnavailableInTierException,
  integer,
  InvalidParameterException,
  string,
  structure,
  type Infer,
} from "../../protocol/json/index.js";
import type { DomainKind, DomainRecord, PoolRecord } from "../../storage/index.js";
import { bytesToHex, utf8 } from "../../util/encoding.js";
import type { UserPoolContext } from "../context.js";

/** The model's DomainType pattern; it applies to prefixes only (a custom domain is a host name with dots). */
export const PREFIX_PATTERN = "^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$";
const PREFIX = new RegExp(PREFIX_PATTERN);
// Lower-case labels of letters, digits and inner hyphens, two or more, the last starting with a letter.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const RESERVED = ["aws", "amazon", "cognito"] as const;

/** `Domain` (DomainType): 1-63 characters; the pattern is checked by {@link domainKind}. */
export const domainName = () => string({ required: true, min: 1, max: 63 });

/** `ManagedLoginVersion`: 1 (the classic hosted UI) or 2 (managed login). */
export const managedLoginVersion = () => integer();

/** `CustomDomainConfig` (CustomDomainConfigType): the ACM certificate of a custom domain. */
export const customDomainConfig = () =>
  structure({
    CertificateArn: string({
      required: true,
      min: 20,
      max: 2048,
      pattern:
        "arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?",
    }),
    SecurityPolicy: string({ enum: ["TLS_V1", "TLS_V1_2_2021", "TLS_V1_3_2025"] }),
  });

/** A custom domain's CustomDomainConfig, as given. */
export type CustomDomainConfig = Infer<ReturnType<typeof customDomainConfig>>;

/** What a domain record's `config` holds. */
export interface DomainConfig {
  [key: string]: unknown;
  ManagedLoginVersion: number;
  /** `yyyyMMddHHmmss` (UTC) of the last create or update. */
  Version: string;
  CustomDomainConfig?: CustomDomainConfig;
}

/**
 * The kind of domain a request names: custom when it carries a CustomDomainConfig (the name must
 * then be a host name), else a prefix, which must match the model's pattern and contain no
 * reserved word.
 *
 * @throws {InvalidParameterException} in AWS's words for a prefix; [?] words for a bad host name.
 */
export function domainKind(domain: string, custom: CustomDomainConfig | undefined): DomainKind {
  if (custom !== undefined) {
    if (!HOST.test(domain)) throw new InvalidParameterException(`Invalid custom domain name: ${domain}`); // [?] words
    return "custom";
  }
  if (!PREFIX.test(domain)) {
    throw new InvalidParameterException(
      `The domain name contains an invalid character. Domain names can only contain lower-case letters, numbers, and hyphens. Please enter a different name that follows this format: ${PREFIX_PATTERN}`,
    );
  }
  const reserved = RESERVED.find((word) => domain.includes(word));
  if (reserved !== undefined)
    throw new InvalidParameterException(`Domain cannot contain reserved word: ${reserved}`);
  return "prefix";
}

/**
 * The ManagedLoginVersion to store: the given one (1 or 2), else `fallback`. Version 2 needs a
 * feature plan above Lite, when the pool names one.
 *
 * @throws {InvalidParameterException} for another number; FeatureUnavailableInTierException for 2 on a Lite pool.
 */
export function loginVersion(pool: PoolRecord, given: number | undefined, fallback: number): number {
  const version = given ?? fallback;
  if (version !== 1 && version !== 2)
    throw new InvalidParameterException("ManagedLoginVersion must be 1 or 2."); // [?] words
  if (version === 2 && pool.config.UserPoolTier === "LITE")
    throw new FeatureUnavailableInTierException("Managed login is not available in the Lite feature plan."); // [?] words
  return version;
}

/** A `yyyyMMddHHmmss` UTC stamp, as Cognito writes a domain's Version. */
export function versionStamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\D/g, "").slice(0, 14);
}

/**
 * The stable fake CloudFront name of a domain, `d{13 hex}.cloudfront.net`, from a SHA-256 of the
 * name: the same on every run, so a DNS record written once keeps pointing at it.
 */
export async function cloudFrontName(domain: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(domain)));
  return `d${bytesToHex(digest).slice(0, 13)}.cloudfront.net`;
}

/** The answer of CreateUserPoolDomain and UpdateUserPoolDomain. */
export async function domainResult(record: DomainRecord<DomainConfig>): Promise<Record<string, unknown>> {
  return {
    ManagedLoginVersion: record.config.ManagedLoginVersion,
    ...(record.kind === "custom" && { CloudFrontDomain: await cloudFrontName(record.domain) }),
  };
}

/** The model's DomainDescriptionType of a stored domain (Status is always ACTIVE). */
export async function domainDescription(
  ctx: UserPoolContext,
  record: DomainRecord<DomainConfig>,
): Promise<Record<string, unknown>> {
  return {
    UserPoolId: record.poolId,
    AWSAccountId: ctx.accountId,
    Domain: record.domain,
    CloudFrontDistribution: await cloudFrontName(record.domain),
    Version: record.config.Version,
    Status: "ACTIVE",
    CustomDomainConfig: record.config.CustomDomainConfig ?? {},
    ManagedLoginVersion: record.config.ManagedLoginVersion,
  };
}

/** The pool's domains as DescribeUserPool shows them: `Domain` (the prefix) and `CustomDomain`. */
export async function poolDomains(
  ctx: UserPoolContext,
  poolId: string,
): Promise<{ Domain?: string; CustomDomain?: string }> {
  const domains = await (await ctx.store()).domains.ofPool(poolId);
  const of = (kind: DomainKind) => domains.find((d) => d.kind === kind)?.domain;
  return { Domain: of("prefix"), CustomDomain: of("custom") };
}

/** The error for a domain the pool does not hold (Update, Delete). */
export const NO_SUCH_DOMAIN = "No such domain or user pool exists."; // [?] words
