// The hosted UI's looks through the SDK: SetUICustomization/GetUICustomization (a pool default
// and a client's own, CSS and logo replaced together, the CSS checker, the logo's signature and
// size, the domain a pool needs) and the managed-login style operations (one per client, v4 ids,
// PATCH settings and assets, the settings and asset checks, ReturnMergedResources).
import {
  CreateManagedLoginBrandingCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolDomainCommand,
  DeleteManagedLoginBrandingCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeManagedLoginBrandingCommand,
  GetUICustomizationCommand,
  SetUICustomizationCommand,
  UpdateManagedLoginBrandingCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import { client, poolWithClient, rejection, unique, type Target } from "./target.js";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const SVG = (body: string) =>
  new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">${body}</svg>`);
const CSS = ".banner-customizable { background-color: lightgray; padding: 25px }";
const VERSION = /^\d{14}$/;

export async function uiCustomization(target: Target): Promise<void> {
  const idp = client(target);
  const { poolId: UserPoolId, clientId: ClientId } = await poolWithClient(target);
  const refused = async (input: Record<string, unknown>) =>
    rejection(idp.send(new SetUICustomizationCommand({ UserPoolId, ...input })));

  // Nothing set: an empty customization. A pool without a domain cannot be customised.
  expect((await idp.send(new GetUICustomizationCommand({ UserPoolId, ClientId }))).UICustomization).toEqual(
    {},
  );
  expect(await refused({ CSS })).toMatchObject({
    name: "InvalidParameterException",
    message: "A domain must be associated with this user pool.",
  });
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: unique("looks") }));

  // The pool's default (ALL): CSS and a PNG logo served by cognate under the pool's issuer.
  const all = (await idp.send(new SetUICustomizationCommand({ UserPoolId, CSS, ImageFile: PNG })))
    .UICustomization!;
  expect(all).toMatchObject({ UserPoolId, ClientId: "ALL", CSS });
  expect(all.CSSVersion).toMatch(VERSION);
  expect(all.ImageUrl).toBe(`${target.endpoint}/${UserPoolId}/assets/ALL/${all.CSSVersion}/logo`);
  expect(all.CreationDate).toBeInstanceOf(Date);
  // A client without its own gets the pool's.
  expect(
    (await idp.send(new GetUICustomizationCommand({ UserPoolId, ClientId }))).UICustomization,
  ).toMatchObject({
    ClientId: "ALL",
    CSS,
    CSSVersion: all.CSSVersion,
  });

  // A client's own replaces ALL entirely (no logo from ALL), and the version changes on every Set.
  const own = (
    await idp.send(
      new SetUICustomizationCommand({ UserPoolId, ClientId, CSS: ".label-customizable { color: #333; }" }),
    )
  ).UICustomization!;
  expect(own).toMatchObject({ ClientId, CSS: ".label-customizable { color: #333; }" });
  expect(own.ImageUrl).toBeUndefined();
  const again = (await idp.send(new SetUICustomizationCommand({ UserPoolId, ClientId, ImageFile: JPEG })))
    .UICustomization!;
  expect(again.CSSVersion! > own.CSSVersion!).toBe(true);
  expect(again.CSS).toBeUndefined();
  expect(again.ImageUrl).toBe(`${target.endpoint}/${UserPoolId}/assets/${ClientId}/${again.CSSVersion}/logo`);
  expect(
    (await idp.send(new GetUICustomizationCommand({ UserPoolId, ClientId }))).UICustomization,
  ).toMatchObject({
    ClientId,
    CSSVersion: again.CSSVersion,
  });
  // Set with neither part resets the client: it falls back to the pool's again.
  await idp.send(new SetUICustomizationCommand({ UserPoolId, ClientId }));
  expect(
    (await idp.send(new GetUICustomizationCommand({ UserPoolId, ClientId }))).UICustomization?.ClientId,
  ).toBe("ALL");

  // The checks: only the customizable classes, nothing that loads; PNG or JPEG of 100 KB at most.
  for (const css of [
    "body { display: none }",
    ".banner-customizable { background: url(https://tracker.example/x.png) }",
    "@import 'https://evil.example/x.css';",
    ".banner-customizable { color: red } </style><script>alert(1)</script>",
  ])
    expect(await refused({ CSS: css })).toMatchObject({
      name: "InvalidParameterException",
      message: expect.stringMatching(/^The CSS is not valid: /),
    });
  expect(await refused({ ImageFile: new TextEncoder().encode("GIF89a....") })).toMatchObject({
    name: "InvalidParameterException",
    message: "The image must be a PNG or JPEG file.",
  });
  const big = new Uint8Array(100 * 1024 + 1);
  big.set(PNG);
  expect(await refused({ ImageFile: big })).toMatchObject({
    name: "InvalidParameterException",
    message: "request parameters too large",
  });
  expect(await refused({ ClientId: "nosuchclient", CSS })).toMatchObject({
    name: "ResourceNotFoundException",
  });
  expect(await refused({ UserPoolId: "us-east-1_NoSuchPool", CSS })).toMatchObject({
    name: "ResourceNotFoundException",
  });
  // A refused Set changed nothing.
  expect((await idp.send(new GetUICustomizationCommand({ UserPoolId }))).UICustomization?.CSSVersion).toBe(
    all.CSSVersion,
  );
}

export async function managedLoginBranding(target: Target): Promise<void> {
  const idp = client(target);
  const { poolId: UserPoolId, clientId: ClientId } = await poolWithClient(target);
  const second = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId, ClientName: "second" })))
    .UserPoolClient!.ClientId!;
  const refused = (promise: Promise<unknown>) => rejection(promise);

  expect(
    await refused(idp.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId, ClientId }))),
  ).toMatchObject({
    name: "ResourceNotFoundException",
    message: `Managed login branding does not exist for client ${ClientId}.`,
  });
  // Neither Cognito's values nor settings; both at once.
  expect(
    await refused(idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId, ClientId }))),
  ).toMatchObject({
    name: "InvalidParameterException",
  });
  expect(
    await refused(
      idp.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId,
          ClientId,
          UseCognitoProvidedValues: true,
          Settings: { components: {} },
        }),
      ),
    ),
  ).toMatchObject({
    name: "InvalidParameterException",
    message: "Settings and Assets cannot be provided when UseCognitoProvidedValues is true.",
  });
  // Unknown settings, assets of the wrong kind, active SVGs.
  expect(
    await refused(
      idp.send(
        new CreateManagedLoginBrandingCommand({
          UserPoolId,
          ClientId,
          Settings: { components: { nope: 1 } },
        }),
      ),
    ),
  ).toMatchObject({
    name: "InvalidParameterException",
    message:
      "Invalid settings provided. Validation errors: [{property: $.components.nope, errorType: UnknownProperty}]",
  });
  const create = (assets: unknown[]) =>
    idp.send(
      new CreateManagedLoginBrandingCommand({
        UserPoolId,
        ClientId,
        Settings: {},
        Assets: assets as never,
      }),
    );
  expect(
    await refused(create([{ Category: "FAVICON_ICO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG }])),
  ).toMatchObject({ message: "Asset category FAVICON_ICO does not accept the extension PNG." });
  expect(
    await refused(create([{ Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: JPEG }])),
  ).toMatchObject({ message: "The FORM_LOGO asset is not a PNG file." });
  expect(
    await refused(
      create([
        {
          Category: "FORM_LOGO",
          ColorMode: "DARK",
          Extension: "SVG",
          Bytes: SVG('<rect onload="alert(1)"/>'),
        },
      ]),
    ),
  ).toMatchObject({
    message: "The FORM_LOGO asset's SVG contains event handler attributes, which is not allowed.",
  });

  // A style: settings and two assets.
  const created = (
    await idp.send(
      new CreateManagedLoginBrandingCommand({
        UserPoolId,
        ClientId,
        Settings: {
          categories: { global: { colorSchemeMode: "DYNAMIC" } },
          components: { pageBackground: { lightMode: { color: "f0f0f0ff" } } },
        },
        Assets: [
          { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG },
          {
            Category: "FAVICON_SVG",
            ColorMode: "DYNAMIC",
            Extension: "SVG",
            Bytes: SVG("<rect width='1' height='1'/>"),
          },
        ],
      }),
    )
  ).ManagedLoginBranding!;
  const ManagedLoginBrandingId = created.ManagedLoginBrandingId!;
  expect(ManagedLoginBrandingId).toMatch(
    /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  expect(created).toMatchObject({ UserPoolId, UseCognitoProvidedValues: false });
  expect(created.Assets?.map((a) => [a.Category, a.ColorMode, a.Extension])).toEqual([
    ["FORM_LOGO", "LIGHT", "PNG"],
    ["FAVICON_SVG", "DYNAMIC", "SVG"],
  ]);
  expect(created.Assets?.[0]?.Bytes).toEqual(PNG);
  // One style per client.
  expect(
    await refused(
      idp.send(
        new CreateManagedLoginBrandingCommand({ UserPoolId, ClientId, UseCognitoProvidedValues: true }),
      ),
    ),
  ).toMatchObject({
    name: "ManagedLoginBrandingExistsException",
    message: `Managed login branding already exists for client ${ClientId}.`,
  });

  // PATCH: settings merge, an asset replaced by its (Category, ColorMode), another added.
  const updated = (
    await idp.send(
      new UpdateManagedLoginBrandingCommand({
        UserPoolId,
        ManagedLoginBrandingId,
        Settings: { components: { pageBackground: { darkMode: { color: "101010ff" } } } },
        Assets: [
          { Category: "FORM_LOGO", ColorMode: "LIGHT", Extension: "JPEG", Bytes: JPEG },
          { Category: "FORM_LOGO", ColorMode: "DARK", Extension: "PNG", Bytes: PNG },
        ],
      }),
    )
  ).ManagedLoginBranding!;
  expect(updated.Settings).toEqual({
    categories: { global: { colorSchemeMode: "DYNAMIC" } },
    components: { pageBackground: { lightMode: { color: "f0f0f0ff" }, darkMode: { color: "101010ff" } } },
  });
  expect(updated.Assets?.map((a) => [a.Category, a.ColorMode, a.Extension])).toEqual([
    ["FORM_LOGO", "LIGHT", "JPEG"],
    ["FAVICON_SVG", "DYNAMIC", "SVG"],
    ["FORM_LOGO", "DARK", "PNG"],
  ]);
  const byClient = (await idp.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId, ClientId })))
    .ManagedLoginBranding!;
  expect(byClient.ManagedLoginBrandingId).toBe(ManagedLoginBrandingId);
  expect(byClient.Settings).toEqual(updated.Settings);
  // Merged: the defaults under the style's own values.
  const merged = (
    await idp.send(
      new DescribeManagedLoginBrandingCommand({
        UserPoolId,
        ManagedLoginBrandingId,
        ReturnMergedResources: true,
      }),
    )
  ).ManagedLoginBranding!;
  expect(merged.Settings).toMatchObject({
    categories: { global: { colorSchemeMode: "DYNAMIC", spacingDensity: "REGULAR" } },
    components: {
      pageBackground: { lightMode: { color: "f0f0f0ff" }, darkMode: { color: "101010ff" } },
      primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff" } } },
    },
  });
  // Ids: malformed before any look-up, unknown, another pool's.
  expect(
    await refused(
      idp.send(new DescribeManagedLoginBrandingCommand({ UserPoolId, ManagedLoginBrandingId: "not-a-uuid" })),
    ),
  ).toMatchObject({
    name: "InvalidParameterException",
    message: expect.stringContaining("at 'managedLoginBrandingId' failed to satisfy constraint"),
  });
  const unknown = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
  expect(
    await refused(
      idp.send(new DescribeManagedLoginBrandingCommand({ UserPoolId, ManagedLoginBrandingId: unknown })),
    ),
  ).toMatchObject({
    name: "ResourceNotFoundException",
    message: `Managed login branding ${unknown} does not exist.`,
  });
  const { poolId: otherPool } = await poolWithClient(target);
  expect(
    await refused(
      idp.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: otherPool, ManagedLoginBrandingId })),
    ),
  ).toMatchObject({ name: "ResourceNotFoundException" });

  // Cognito's values reset a style; the second client's style is its own.
  const reset = (
    await idp.send(
      new UpdateManagedLoginBrandingCommand({
        UserPoolId,
        ManagedLoginBrandingId,
        UseCognitoProvidedValues: true,
      }),
    )
  ).ManagedLoginBranding!;
  expect(reset).toMatchObject({ UseCognitoProvidedValues: true, Assets: [] });
  expect(reset.Settings).toBeUndefined();
  const secondStyle = (
    await idp.send(
      new CreateManagedLoginBrandingCommand({ UserPoolId, ClientId: second, UseCognitoProvidedValues: true }),
    )
  ).ManagedLoginBranding!;
  expect(secondStyle.ManagedLoginBrandingId).not.toBe(ManagedLoginBrandingId);

  await idp.send(new DeleteManagedLoginBrandingCommand({ UserPoolId, ManagedLoginBrandingId }));
  expect(
    await refused(idp.send(new DeleteManagedLoginBrandingCommand({ UserPoolId, ManagedLoginBrandingId }))),
  ).toMatchObject({ name: "ResourceNotFoundException" });
  expect(
    await refused(idp.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId, ClientId }))),
  ).toMatchObject({ name: "ResourceNotFoundException" });
  // The client may have a style again.
  await idp.send(
    new CreateManagedLoginBrandingCommand({ UserPoolId, ClientId, UseCognitoProvidedValues: true }),
  );
}
