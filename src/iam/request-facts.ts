/**
 * The global condition keys that describe the request itself rather than who makes it.
 */
import type { ContextValue } from "../policy/types.js";

/** What the caller knows of the request. */
export interface RequestFacts {
  /** Milliseconds since the epoch: `aws:CurrentTime` and `aws:EpochTime`. */
  now: number;
  /** The client's address (`aws:SourceIp`); absent when unknown. */
  sourceIp?: string;
  /** Whether the request came over TLS (`aws:SecureTransport`); absent when unknown. */
  secure?: boolean;
}

// `::ffff:203.0.113.7` (an IPv4 client of a dual-stack socket) is 203.0.113.7 to IPv4 conditions.
const IPV4_MAPPED = /^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i;

/** An instant as IAM writes `aws:CurrentTime`: ISO 8601, whole seconds, UTC. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * `aws:CurrentTime`, `aws:EpochTime`, and when known `aws:SecureTransport` and `aws:SourceIp`,
 * written as the authorizer writes them for bearer tokens.
 */
export function requestFactsContext(facts: RequestFacts): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {
    "aws:CurrentTime": isoSeconds(facts.now),
    "aws:EpochTime": String(Math.floor(facts.now / 1000)),
  };
  if (facts.secure !== undefined) context["aws:SecureTransport"] = facts.secure ? "true" : "false";
  if (facts.sourceIp !== undefined) context["aws:SourceIp"] = facts.sourceIp.replace(IPV4_MAPPED, "");
  return context;
}
