/**
 * What a sign-in request shows threat protection: the client's address, its User-Agent and, where
 * the edge tells it, its location. Unauthenticated calls are the user's own request, except that a
 * client with a secret and `EnablePropagateAdditionalUserContextData` may name the user's address
 * in `UserContextData.IpAddress`; admin calls speak for the user in `ContextData`.
 *
 * Location comes from Cloudflare: `request.cf` in Workers, or the visitor-location headers
 * (`cf-iplatitude`, `cf-iplongitude`, `cf-ipcity`, `cf-ipcountry`) that its managed transform adds
 * in front of a Node server, where the gateway passes them on only from a trusted proxy (see
 * `withoutLocation` in src/gateway/client-address.ts).
 */
import type { RequestContext } from "../../protocol/json/index.js";
import type { ClientRecord } from "../../storage/index.js";
import type { GeoPoint } from "./score.js";

/** A sign-in's place, when known. */
export interface Location extends GeoPoint {
  city?: string;
  country?: string;
}

/** What a sign-in request showed. */
export interface Seen {
  ip?: string;
  userAgent?: string;
  location?: Location;
}

const MAX_AGENT = 512;

const text = (value: unknown, max = 256): string | undefined =>
  typeof value === "string" && value !== "" ? value.slice(0, max) : undefined;

function coordinate(value: unknown, limit: number): number | undefined {
  const number =
    typeof value === "number"
      ? value
      : typeof value === "string" && value.trim() !== ""
        ? Number(value)
        : NaN;
  return Number.isFinite(number) && Math.abs(number) <= limit ? number : undefined;
}

function locationOf(
  get: (name: string) => unknown,
  cf: Readonly<Record<string, unknown>> | undefined,
): Location | undefined {
  // In Workers `request.cf` is the edge's own word, and the headers are whatever the client sent.
  const read = cf !== undefined ? (name: string) => cf[name] : (name: string) => get(`cf-ip${name}`);
  const latitude = coordinate(read("latitude"), 90);
  const longitude = coordinate(read("longitude"), 180);
  if (latitude === undefined || longitude === undefined) return undefined;
  const city = text(read("city"), 100);
  const country = text(read("country"), 10);
  return {
    latitude,
    longitude,
    ...(city === undefined ? {} : { city }),
    ...(country === undefined ? {} : { country }),
  };
}

/**
 * An unauthenticated sign-in call (InitiateAuth, RespondToAuthChallenge).
 */
export function seenByUser(request: RequestContext, client: ClientRecord, userContextData: unknown): Seen {
  const claimed = (userContextData as { IpAddress?: unknown } | undefined)?.IpAddress;
  const propagates =
    client.secrets.length > 0 && client.config.EnablePropagateAdditionalUserContextData === true;
  const ip = (propagates ? text(claimed, 64) : undefined) ?? request.sourceIp;
  const userAgent = text(request.headers.get("user-agent"), MAX_AGENT);
  const location = locationOf((name) => request.headers.get(name) ?? undefined, request.cf);
  return {
    ...(ip === undefined ? {} : { ip }),
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(location === undefined ? {} : { location }),
  };
}

/**
 * An admin call: the address and headers the app's server passed on in `ContextData`; without
 * them, nothing about the user (the caller is the app's server, not the user).
 */
export function seenByAdmin(contextData: unknown): Seen {
  const data = (contextData ?? {}) as { IpAddress?: unknown; HttpHeaders?: unknown };
  const headers = Array.isArray(data.HttpHeaders)
    ? (data.HttpHeaders as { headerName?: unknown; headerValue?: unknown }[])
    : [];
  const get = (name: string) =>
    headers.find((h) => typeof h?.headerName === "string" && h.headerName.toLowerCase() === name)
      ?.headerValue;
  const ip = text(data.IpAddress, 64);
  const userAgent = text(get("user-agent"), MAX_AGENT);
  const location = locationOf(get, undefined);
  return {
    ...(ip === undefined ? {} : { ip }),
    ...(userAgent === undefined ? {} : { userAgent }),
    ...(location === undefined ? {} : { location }),
  };
}
