/** The notice a page shows after a code was sent: where it went, as the API's CodeDeliveryDetails says. */

const MEDIA: Readonly<Record<string, string>> = { EMAIL: "by email", SMS: "by text message" };

/**
 * "We have sent a code by email to a***@e***. Enter it below." (the destination masked as the API
 * masks it; with PreventUserExistenceErrors, the same words for a name nobody holds).
 */
export function deliveryNotice(output: Record<string, unknown>): string {
  const details = (output.CodeDeliveryDetails ?? {}) as { Destination?: unknown; DeliveryMedium?: unknown };
  const medium = MEDIA[String(details.DeliveryMedium)] ?? "";
  const to = typeof details.Destination === "string" ? ` to ${details.Destination}` : "";
  return `We have sent a code${medium === "" ? "" : ` ${medium}`}${to}. Enter it below.`;
}
