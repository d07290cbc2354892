/**
 * The notice a page shows after a code was sent: how, and where to as the API masks it
 * (CodeDeliveryDetails). The page that sent the code redirects (303) to the page that takes it,
 * with `delivery` and `destination` in the query; only a medium and a masked address pass back
 * into the notice (a link made by someone else can print nothing else there).
 */

import { en } from "../pages/messages/en.js";
import { type Catalogue, format, type MessageKey } from "../pages/messages/index.js";

/** Each medium's notice, with and without the masked address. */
const MEDIA: Readonly<Record<string, { to: MessageKey; plain: MessageKey }>> = {
  EMAIL: { to: "sentByEmailTo", plain: "sentByEmail" },
  SMS: { to: "sentBySmsTo", plain: "sentBySms" },
};
const MASKED = /^([^\s@*]?\*{4}@[^\s@*]?\*{4}|\+?\*{0,20}\d{1,4})$/;

/** Whether `to` reads as an address or number the API masked (`j****@e****`, `+*******0100`), and nothing else. */
export const isMaskedDestination = (to: string): boolean => MASKED.test(to);

/** The page parameters that carry a delivery to the next page. */
export const DELIVERY_PARAMETERS = ["delivery", "destination"] as const;

/** `{ delivery, destination }` from an operation's output, for the next page's query. */
export function deliveryParameters(output: Record<string, unknown>): Record<string, string> {
  const details = (output.CodeDeliveryDetails ?? {}) as { Destination?: unknown; DeliveryMedium?: unknown };
  const medium = String(details.DeliveryMedium ?? "");
  const to = typeof details.Destination === "string" ? details.Destination : "";
  return {
    delivery: Object.hasOwn(MEDIA, medium) ? medium : "",
    destination: MASKED.test(to) ? to : "",
  };
}

/**
 * "We have sent a code by email to j****@e****. Enter it below." from the page's query, or
 * `undefined` when it names no delivery. With PreventUserExistenceErrors, a name nobody holds
 * reads the same (the API simulates its delivery).
 */
export function deliveryNotice(query: URLSearchParams, t: Catalogue = en): string | undefined {
  const medium = query.get("delivery") ?? "";
  if (!Object.hasOwn(MEDIA, medium)) return undefined;
  const to = query.get("destination") ?? "";
  const notice = MEDIA[medium]!;
  return MASKED.test(to) ? format(t[notice.to], { destination: to }) : t[notice.plain];
}
