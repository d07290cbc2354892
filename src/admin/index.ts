import type { Context, Hono } from "hono";
import type { GetConnInfo } from "hono/conninfo";
import { awsJsonError } from "../protocol/errors.js";
import { verifySigV4, type SignatureThrottle, type SigV4Credentials } from "../protocol/sigv4.js";
import { simulateHandler } from "./simulate.js";

/** What the admin endpoints need: the admin key pair of the operational contract, and the region. */
export interface AdminOptions {
  credentials: Pick<SigV4Credentials, "accessKeyId" | "secretAccessKey"> | undefined;
  region: string;
  /** Failed signatures throttled per key and client network; shared with the user-pool API. */
  signatureThrottle?: SignatureThrottle;
  /** The client's address, for the throttle. */
  getConnInfo?: GetConnInfo;
}

const MAX_BODY_BYTES = 256 * 1024;

/**
 * Mounts the admin endpoints, each SigV4-verified against the admin credentials (signed for
 * service `iam`, as an IAM client signs; region: the gateway's). Without admin credentials, every
 * call is refused as an unknown key.
 *
 * - `POST /admin/policy/simulate`: SimulateCustomPolicy (see `simulateHandler`).
 */
export function mountAdmin(app: Hono, options: AdminOptions): void {
  const admin = options.credentials;
  app.post("/admin/policy/simulate", async (c) => {
    const verified = await verifySigV4(c.req.raw, {
      lookup: (id) => (admin !== undefined && id === admin.accessKeyId ? admin : undefined),
      region: options.region,
      service: "iam",
      maxBodyBytes: MAX_BODY_BYTES,
      ...(options.signatureThrottle !== undefined && {
        throttle: options.signatureThrottle,
        clientAddress: addressOf(c),
      }),
    });
    if (!verified.ok) return awsJsonError(verified.error, verified.message, verified.status);
    return simulateHandler(verified.body);
  });

  function addressOf(c: Context): string | undefined {
    try {
      return options.getConnInfo?.(c).remote.address;
    } catch {
      return undefined; // the runtime could not tell: one bucket for every unknown address
    }
  }
}
