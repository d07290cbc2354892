/**
 * What every SAML message cognate sends shares: a fresh ID (an NCName: `_` and 32 hex digits,
 * 128 random bits) and an IssueInstant (UTC, whole seconds).
 */
import { bytesToHex } from "../../util/encoding.js";

/** A new message ID. */
export const newSamlId = () => `_${bytesToHex(crypto.getRandomValues(new Uint8Array(16)))}`;

/** `now` as a SAML dateTime: `2026-12-05T16:20:00Z`. */
export const samlInstant = (now: number) => new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z");
