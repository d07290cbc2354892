import { Hono } from "hono";
import type { TestProject } from "vitest/node";
import { listen } from "../federation/stand-ins/shared.js";
import { type ResponseOptions, type SamlUser, samlIdp } from "../federation/stand-ins/saml.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The samlify IdP in Node that the workerd SAML suite asks for metadata and responses. */
    samlIdp: string;
  }
}

/** What the workerd suite asks the IdP for: a response to one SP. */
export interface ResponseOrder {
  spEntityId: string;
  acs: string;
  /** The SP's encryption certificate (base64 DER) for `options.encrypt`. */
  encryptCert?: string;
  user: SamlUser;
  options?: ResponseOptions;
}

const ENTITY = "https://idp.edge.test/metadata";

// Runs in Node, outside workerd (samlify is Node-only): the IdP side of test/workers/saml-acs.test.ts.
// `GET /metadata` is its metadata (https endpoints, never fetched); `POST /response` makes a
// SAMLResponse (base64) for the order in the JSON body.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const metadataIdp = samlIdp({
    entityId: ENTITY,
    baseUrl: "https://idp.edge.test",
    spEntityId: "-",
    acs: "-",
  });
  const running = await listen(() => {
    const app = new Hono();
    app.get("/metadata", (c) => c.text(metadataIdp.metadata));
    app.post("/response", async (c) => {
      const order = (await c.req.json()) as ResponseOrder;
      const idp = samlIdp({
        entityId: ENTITY,
        baseUrl: "https://idp.edge.test",
        spEntityId: order.spEntityId,
        acs: order.acs,
      });
      if (order.encryptCert !== undefined) idp.useSpEncryptionCert(order.encryptCert);
      return c.text(await idp.response(order.user, order.options));
    });
    return app;
  });
  project.provide("samlIdp", running.url);
  return running.close;
}
