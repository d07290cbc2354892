import type { Hono } from "hono";
import { awsJsonError } from "../protocol/errors.js";
import { verifySigV4, type SigV4Credentials } from "../protocol/sigv4.js";
import { simulateHandler } from "./simulate.js";

/** What the admin endpoints need: the admin key pair of the operational contract, and the region. */
export interface AdminOptions {
  credentials: Pick<SigV4Credentials, "accessKeyId" | "secretAccessKey"> | undefined;
  region: string;
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
    });
    if (!verified.ok) return awsJsonError(verified.error, verified.message, verified.status);
    return simulateHandler(verified.body);
  });
}
