import { describe, expect, it } from "vitest";
import { ALL_CLIENTS } from "../../storage/index.js";
import { openSqliteDatabase, sqliteDriver } from "../../storage/sqlite.node.js";
import { bytesToBase64 } from "../../util/encoding.js";
import { userPoolContext } from "../context.js";
import { generateMasterKey } from "../../runtime/master-key.js";
import { styleOf } from "./style-of.js";

const POOL = "us-east-1_StyleOf1";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const SVG = new TextEncoder().encode(
  '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
);

async function setUp() {
  const ctx = userPoolContext({
    storage: sqliteDriver(openSqliteDatabase(":memory:")),
    region: "us-east-1",
    masterKey: generateMasterKey(),
  });
  const store = await ctx.store();
  await store.pools.create({ id: POOL, name: "styles", config: {} }, 1);
  for (const id of ["styled", "plain"])
    await store.clients.create({ id, poolId: POOL, name: id, secret: null, config: {} }, 1);
  return { ctx, store };
}

describe("styleOf", () => {
  it("is empty for a client with no looks", async () => {
    const { ctx } = await setUp();
    expect(await styleOf(ctx, POOL, "plain")).toEqual({});
  });

  it("takes the client's own customization over the pool's, and the pool's otherwise", async () => {
    const { ctx, store } = await setUp();
    await store.uiCustomizations.put(
      {
        poolId: POOL,
        clientId: ALL_CLIENTS,
        css: ".banner-customizable{background-color:lightgray}",
        image: { base64: bytesToBase64(PNG), type: "image/png" },
        cssVersion: "20250101000000",
      },
      1,
    );
    await store.uiCustomizations.put(
      {
        poolId: POOL,
        clientId: "styled",
        css: ".label-customizable { color: red; }",
        image: null,
        cssVersion: "20250102000000",
      },
      2,
    );
    expect(await styleOf(ctx, POOL, "plain")).toEqual({
      css: ".banner-customizable {\n  background-color: lightgray;\n}\n",
      logo: { bytes: PNG, type: "image/png" },
      cssVersion: "20250101000000",
      customizationOf: "ALL",
    });
    // The client's own replaces the pool's entirely: no logo from ALL.
    expect(await styleOf(ctx, POOL, "styled")).toEqual({
      css: ".label-customizable {\n  color: red;\n}\n",
      cssVersion: "20250102000000",
      customizationOf: "styled",
    });
  });

  it("never serves a stored sheet the checks refuse", async () => {
    const { ctx, store } = await setUp();
    await store.uiCustomizations.put(
      {
        poolId: POOL,
        clientId: ALL_CLIENTS,
        css: "body{background:url(x)}",
        image: null,
        cssVersion: "20250101000000",
      },
      1,
    );
    expect(await styleOf(ctx, POOL, "plain")).toEqual({
      cssVersion: "20250101000000",
      customizationOf: "ALL",
    });
  });

  it("gives the managed-login style's settings over the defaults, and its assets as bytes with their types", async () => {
    const { ctx, store } = await setUp();
    const created = await store.brandings.create(
      {
        id: "0d3b9c1e-5b8a-4d2c-9f1e-2a3b4c5d6e7f",
        poolId: POOL,
        clientId: "styled",
        useCognitoProvidedValues: false,
        settings: { components: { pageBackground: { lightMode: { color: "123456ff" } } } },
        assets: [
          { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: bytesToBase64(PNG) },
          { Category: "FAVICON_SVG", ColorMode: "DYNAMIC", Extension: "SVG", Bytes: bytesToBase64(SVG) },
        ],
      },
      7,
    );
    expect(created).not.toBe("exists");
    const { branding } = await styleOf(ctx, POOL, "styled");
    expect(branding?.id).toBe("0d3b9c1e-5b8a-4d2c-9f1e-2a3b4c5d6e7f");
    expect(branding?.version).toBe(7);
    expect(branding?.settings).toMatchObject({
      components: {
        pageBackground: { image: { enabled: true }, lightMode: { color: "123456ff" } },
        primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff" } } },
      },
    });
    expect(branding?.assets).toEqual([
      { category: "FORM_LOGO", colorMode: "LIGHT", extension: "PNG", type: "image/png", bytes: PNG },
      { category: "FAVICON_SVG", colorMode: "DYNAMIC", extension: "SVG", type: "image/svg+xml", bytes: SVG },
    ]);
    expect((await styleOf(ctx, POOL, "plain")).branding).toBeUndefined();
  });
});
