// The client's styles on the pages, over the wire: SetUICustomization's CSS in the client's
// stylesheet and its logo served with its bytes; a managed-login branding's colours as CSS custom
// properties (DYNAMIC under prefers-color-scheme) and its form logo; an SVG only as an image under
// a CSP of its own; the asset paths GetUICustomization and the branding name.
import { describe, expect, it } from "vitest";
import {
  CreateManagedLoginBrandingCommand,
  GetUICustomizationCommand,
  SetUICustomizationCommand,
  UpdateManagedLoginBrandingCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { Browser, hostedPool } from "./pages-harness.js";
import { suiteServer } from "./server.js";

const server = suiteServer();

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
const SVG = new TextEncoder().encode(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1" fill="red"/></svg>`,
);

describe("the client's styles", () => {
  it("serves SetUICustomization's CSS in the client's stylesheet and its logo with its bytes", async () => {
    const { poolId, clientId, base, query } = await hostedPool(server);
    const css = ".submitButton-customizable { background-color: #ff0000; }";
    await server.sdk.send(
      new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId, CSS: css, ImageFile: PNG }),
    );
    const browser = new Browser();
    const page = await browser.page(`${base}/signup?${query}`);
    // The page links the stylesheet after the default one, and shows the logo through <img>.
    const links = [...page.html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual([
      `/${poolId}/assets/cognate.css`,
      `/${poolId}/assets/style.css?client_id=${clientId}`,
    ]);
    expect(page.html).toContain(
      `<img class="cognate-logo" src="/${poolId}/assets/logo?client_id=${clientId}"`,
    );
    expect(page.html).toContain('class="submitButton-customizable"');
    expect(page.html).not.toMatch(/<style|<script|style="/);

    const sheet = await browser.fetch(`${base}/assets/style.css?client_id=${clientId}`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(sheet.headers.get("x-content-type-options")).toBe("nosniff");
    // The customization's rule, its selector widened to the sign-in pages' own submit buttons.
    expect((await sheet.text()).replace(/\s+/g, "")).toContain(
      '.submitButton-customizable,.cognate-submit,.cognate-formbutton[type="submit"]{background-color:#ff0000',
    );
    // The sign-in page links the same stylesheet.
    const login = await browser.page(`${base}/login?${query}`);
    expect(login.html).toContain(`href="/${poolId}/assets/style.css?client_id=${clientId}"`);
    expect(login.html).toContain("cognate-submit");

    const logo = await browser.fetch(`${base}/assets/logo?client_id=${clientId}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get("content-type")).toBe("image/png");
    expect(logo.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await logo.arrayBuffer())).toEqual(PNG);

    // The ImageUrl GetUICustomization names is served too (its current version only).
    const { UICustomization } = await server.sdk.send(
      new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }),
    );
    const imageUrl = new URL(UICustomization!.ImageUrl!);
    const byUrl = await browser.fetch(`${server.url}${imageUrl.pathname}`);
    expect(byUrl.status).toBe(200);
    expect(new Uint8Array(await byUrl.arrayBuffer())).toEqual(PNG);
    const stale = await browser.fetch(
      `${server.url}${imageUrl.pathname.replace(/\/\d{14}\//, "/20000101000000/")}`,
    );
    expect(stale.status).toBe(404);
  });

  it("renders a branding's colours as custom properties (DYNAMIC under prefers-color-scheme) and serves its form logo", async () => {
    const { poolId, clientId, base, query } = await hostedPool(server);
    await server.sdk.send(
      new CreateManagedLoginBrandingCommand({
        UserPoolId: poolId,
        ClientId: clientId,
        Settings: {
          categories: { global: { colorSchemeMode: "DYNAMIC" } },
          components: {
            pageBackground: { lightMode: { color: "0972d3ff" }, darkMode: { color: "0f141aff" } },
            primaryButton: {
              lightMode: { defaults: { backgroundColor: "ff9900ff", textColor: "000000ff" } },
            },
            form: { borderRadius: 12, logo: { enabled: true } },
          },
        },
        Assets: [
          { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "SVG", Bytes: SVG },
          { Category: "PAGE_BACKGROUND", ColorMode: "DARK", Extension: "PNG", Bytes: PNG },
        ],
      }),
    );
    const browser = new Browser();
    const page = await browser.page(`${base}/forgotPassword?${query}`);
    expect(page.html).toContain(`/${poolId}/assets/logo?client_id=${clientId}`);
    const css = await (await browser.fetch(`${base}/assets/style.css?client_id=${clientId}`)).text();
    expect(css).toContain("color-scheme: light dark;");
    expect(css).toMatch(
      /@media \(prefers-color-scheme: light\) \{[^@]*--cognate-page-background: #0972d3ff;/,
    );
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{[^@]*--cognate-page-background: #0f141aff;/);
    expect(css).toContain("--cognate-button-background: #ff9900ff;");
    expect(css).toContain("--cognate-button-text: #000000ff;");
    expect(css).toContain("--cognate-form-radius: 12px;");
    expect(css).toContain("body { background-color: var(--cognate-page-background); }");
    // The dark page background image, under the dark scheme only, from cognate's own asset path.
    const background =
      /@media \(prefers-color-scheme: dark\) \{\s*body \{ background-image: url\("([^"]+)"\)/.exec(css);
    expect(background, css).not.toBeNull();
    expect(background![1]).toMatch(
      new RegExp(`^/${poolId}/assets/branding/[0-9a-f-]{36}/\\d+/PAGE_BACKGROUND-DARK$`),
    );
    const image = await browser.fetch(`${server.url}${background![1]}`);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);

    const logo = await browser.fetch(`${base}/assets/logo?client_id=${clientId}`);
    expect(logo.status).toBe(200);
    expect(logo.headers.get("content-type")).toBe("image/svg+xml");
    expect(logo.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(logo.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await logo.arrayBuffer())).toEqual(SVG);

    // A branding that turns the form logo off (AWS's default) shows none.
    const { ManagedLoginBranding } = await server.sdk.send(
      new UpdateManagedLoginBrandingCommand({
        UserPoolId: poolId,
        ManagedLoginBrandingId: (await brandingIdOf(poolId, clientId))!,
        Settings: { components: { form: { logo: { enabled: false } } } },
      }),
    );
    expect(ManagedLoginBranding).toBeDefined();
    expect((await browser.fetch(`${base}/assets/logo?client_id=${clientId}`)).status).toBe(404);
    const again = await browser.page(`${base}/forgotPassword?${query}`);
    expect(again.html).not.toContain("cognate-logo");
  });

  it("answers 404 for a client the pool does not have, and keeps another client's styles apart", async () => {
    const { poolId, clientId, base } = await hostedPool(server);
    const other = await hostedPool(server);
    await server.sdk.send(
      new SetUICustomizationCommand({
        UserPoolId: other.poolId,
        ClientId: other.clientId,
        CSS: ".label-customizable { color: #123456; }",
      }),
    );
    const browser = new Browser();
    expect((await browser.fetch(`${base}/assets/style.css?client_id=${other.clientId}`)).status).toBe(404);
    expect(
      (await browser.fetch(`${base}/assets/style.css?client_id=${encodeURIComponent("</style>")}`)).status,
    ).toBe(404);
    expect((await browser.fetch(`${base}/assets/logo?client_id=${clientId}`)).status).toBe(404);
    const own = await (await browser.fetch(`${base}/assets/style.css?client_id=${clientId}`)).text();
    expect(own).not.toContain("#123456");
    void poolId;
  });
});

async function brandingIdOf(poolId: string, clientId: string): Promise<string | undefined> {
  const { DescribeManagedLoginBrandingByClientCommand } = await import(
    "@aws-sdk/client-cognito-identity-provider"
  );
  const out = await server.sdk.send(
    new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId }),
  );
  return out.ManagedLoginBranding?.ManagedLoginBrandingId;
}
