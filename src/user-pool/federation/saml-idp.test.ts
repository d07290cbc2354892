import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IdentityProviderRecord } from "../../storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../storage/sqlite.node.js";
import { userPoolContext } from "../context.js";
import { generateMasterKey } from "../../runtime/master-key.js";
import { pemPair, samlifyIdp } from "./saml-fixture.testing.js";
import { idpMetadataOf, METADATA_TTL_MS, RETRY_MS, samlProviderDetails } from "./saml-idp.js";

const POOL = "us-east-1_SamlIdp1";
let now = Date.now();
const ctx = userPoolContext({
  storage: sqliteDriver(openSqliteDatabase(":memory:")),
  masterKey: generateMasterKey(),
  region: "us-east-1",
  now: () => now,
  allowLoopbackHttpIdps: true,
});

let server: Server;
let base: string;
let served = 0;
let up = true;
let metadata = "";

beforeAll(async () => {
  await (await ctx.store()).pools.create({ id: POOL, name: "idp", config: {} }, now);
  metadata = samlifyIdp(await pemPair(), { base: "https://idp.example" }).getMetadata();
  server = createServer((req, res) => {
    served++;
    if (!up || req.url !== "/metadata") res.writeHead(404).end();
    else res.end(metadata);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("samlProviderDetails", () => {
  it("fetches a MetadataURL and fills the auto keys", async () => {
    expect(await samlProviderDetails(ctx, POOL, "Url", { MetadataURL: `${base}/metadata` })).toEqual({
      MetadataURL: `${base}/metadata`,
      SSORedirectBindingURI: "https://idp.example/sso",
      SLORedirectBindingURI: "https://idp.example/slo",
    });
    await expect(
      samlProviderDetails(ctx, POOL, "Url", { MetadataURL: `${base}/gone` }),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: `Non-ok status code 404 returned from remote metadata source ${base}/gone`,
    });
  });

  it("refuses loopback http unless the federation setting allows it", async () => {
    const strict = userPoolContext({
      storage: sqliteDriver(openSqliteDatabase(":memory:")),
      masterKey: generateMasterKey(),
      region: "us-east-1",
    });
    await expect(
      samlProviderDetails(strict, POOL, "Url", { MetadataURL: `${base}/metadata` }),
    ).rejects.toMatchObject({
      name: "InvalidParameterException",
      message: `MetadataURL ${base}/metadata is not an https URL`,
    });
  });
});

describe("idpMetadataOf", () => {
  const provider = (updatedAt: number): IdentityProviderRecord => ({
    poolId: POOL,
    name: "Cached",
    type: "SAML",
    details: { MetadataURL: `${base}/metadata` },
    attributeMapping: { username: "NameID" },
    identifiers: [],
    createdAt: 0,
    updatedAt,
  });

  it("keeps a MetadataURL's metadata 6 hours, serves it while a refetch fails, and reads it anew after an edit", async () => {
    served = 0;
    const first = await idpMetadataOf(ctx, provider(1));
    expect(first.sso.redirect).toBe("https://idp.example/sso");
    await idpMetadataOf(ctx, provider(1));
    expect(served).toBe(1);

    now += METADATA_TTL_MS;
    up = false;
    expect(await idpMetadataOf(ctx, provider(1))).toEqual(first);
    expect(served).toBe(2);
    // Not tried again on every sign-in, but after a minute.
    await idpMetadataOf(ctx, provider(1));
    expect(served).toBe(2);
    now += RETRY_MS;
    up = true;
    metadata = metadata.replaceAll("https://idp.example", "https://moved.example");
    expect((await idpMetadataOf(ctx, provider(1))).sso.redirect).toBe("https://moved.example/sso");
    expect(served).toBe(3);

    // An edited provider is read anew at once; without any metadata read before, a failure is an error.
    up = false;
    await expect(idpMetadataOf(ctx, provider(2))).rejects.toMatchObject({ name: "SamlMetadataError" });
    up = true;
  });

  it("parses a MetadataFile once per edit", async () => {
    const file: IdentityProviderRecord = {
      ...provider(5),
      name: "File",
      details: { MetadataFile: metadata },
    };
    const a = await idpMetadataOf(ctx, file);
    expect(await idpMetadataOf(ctx, file)).toBe(a);
    expect(await idpMetadataOf(ctx, { ...file, updatedAt: 6 })).not.toBe(a);
  });
});
