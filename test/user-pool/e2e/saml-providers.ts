// SAML identity providers through the SDK: the pool's signing certificate (GetSigningCertificate),
// metadata read and refused as Cognito does, the auto keys (SSORedirectBindingURI,
// SLORedirectBindingURI, ActiveEncryptionCertificate), updates keeping the metadata and the
// encryption key, a deleted provider's key gone with it.
import { X509Certificate } from "node:crypto";
import {
  CreateIdentityProviderCommand,
  CreateUserPoolDomainCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  GetSigningCertificateCommand,
  InvalidParameterException,
  ResourceNotFoundException,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect } from "vitest";
import * as samlify from "samlify";
import { pemPair, samlifyIdp } from "../../../src/user-pool/federation/saml-fixture.testing.js";
import { client, poolWithClient, rejection, type Target, unique } from "./target.js";

const certificateOf = (base64: string) => new X509Certificate(Buffer.from(base64, "base64"));

export async function samlProviders(target: Target): Promise<void> {
  const idp = client(target);
  const { poolId: UserPoolId, clientId: ClientId } = await poolWithClient(target);

  // The pool's signing certificate: base64 DER, made once, CN = the pool.
  const { Certificate } = await idp.send(new GetSigningCertificateCommand({ UserPoolId }));
  expect(Certificate).toMatch(/^MII[A-Za-z0-9+/]+=*$/);
  const signing = certificateOf(Certificate!);
  expect(signing.subject).toBe(`CN=${UserPoolId}`);
  expect(signing.verify(signing.publicKey)).toBe(true);
  const years = (Date.parse(signing.validTo) - Date.parse(signing.validFrom)) / (365.25 * 86_400_000);
  expect(Math.round(years)).toBe(10);
  expect((await idp.send(new GetSigningCertificateCommand({ UserPoolId }))).Certificate).toBe(Certificate);
  expect(
    await rejection(idp.send(new GetSigningCertificateCommand({ UserPoolId: "us-east-1_Nobody000" }))),
  ).toBeInstanceOf(ResourceNotFoundException);

  const keys = await pemPair("idp.example");
  const MetadataFile = samlifyIdp(keys, { wantAuthnRequestsSigned: true }).getMetadata();
  // The details sent, kept as they are.
  const details = {
    MetadataFile,
    IDPSignout: "true",
    EncryptedResponses: "true",
    RequestSigningAlgorithm: "rsa-sha256",
  };
  const created = (
    await idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "Okta",
        ProviderType: "SAML",
        ProviderDetails: {
          ...details,
          // Describe's read-only keys sent back are tolerated, and replaced.
          SSORedirectBindingURI: "https://elsewhere.example/sso",
        },
        AttributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" },
        IdpIdentifiers: ["example.com"],
      }),
    )
  ).IdentityProvider!;
  const active = created.ProviderDetails!.ActiveEncryptionCertificate!;
  expect(created).toMatchObject({
    ProviderName: "Okta",
    ProviderType: "SAML",
    ProviderDetails: {
      ...details,
      SSORedirectBindingURI: "https://idp.example/sso",
      SLORedirectBindingURI: "https://idp.example/slo",
    },
    AttributeMapping: {
      username: "NameID",
      email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    },
    IdpIdentifiers: ["example.com"],
  });
  const encryption = certificateOf(active);
  expect(encryption.subject).toBe(`CN=${UserPoolId}`);
  expect(active).not.toBe(Certificate);
  expect(
    (await idp.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName: "Okta" })))
      .IdentityProvider,
  ).toEqual(created);
  // The pool's signing certificate is not the provider's.
  expect((await idp.send(new GetSigningCertificateCommand({ UserPoolId }))).Certificate).toBe(Certificate);

  // App clients may list it.
  await idp.send(
    new UpdateUserPoolClientCommand({
      UserPoolId,
      ClientId,
      SupportedIdentityProviders: ["COGNITO", "Okta"],
    }),
  );

  // Cognito's refusals.
  const refusal = async (ProviderDetails: Record<string, string>, ProviderName = "Bad") => {
    const error = await rejection(
      idp.send(
        new CreateIdentityProviderCommand({
          UserPoolId,
          ProviderName,
          ProviderType: "SAML",
          ProviderDetails,
        }),
      ),
    );
    expect(error).toBeInstanceOf(InvalidParameterException);
    return error.message;
  };
  expect(await refusal({ IDPSignout: "true" })).toBe(
    "At least one of the MetadataURL or MetadataFile should be provided.",
  );
  expect(await refusal({ MetadataURL: "http://idp.example/metadata" })).toBe(
    "MetadataURL must be an https URL.",
  );
  expect(await refusal({ MetadataURL: "http://127.0.0.1:9/metadata" })).toBe(
    "MetadataURL must be an https URL.",
  );
  expect(await refusal({ MetadataURL: "https://idp.example:8443/metadata" })).toBe(
    "MetadataURL must be an https URL.",
  );
  expect(await refusal({ MetadataFile, RequestSigningAlgorithm: "rsa-sha1" })).toBe(
    "RequestSigningAlgorithm must be rsa-sha256.",
  );
  expect(await refusal({ MetadataFile, EncryptedResponses: "yes" })).toBe(
    "EncryptedResponses must be true or false.",
  );
  expect(await refusal({ MetadataFile: "<EntityDescriptor" })).toMatch(
    /^the metadata is not XML cognate reads/,
  );
  expect(await refusal({ MetadataFile: `<!DOCTYPE d [<!ENTITY e "x">]>${MetadataFile}` })).toMatch(
    /DOCTYPE or ENTITY/,
  );
  const expired = await pemPair("old.example", Date.now() - 11 * 365 * 86_400_000);
  expect(await refusal({ MetadataFile: samlifyIdp(expired).getMetadata() })).toBe(
    "every signing certificate has expired",
  );
  expect(await refusal({ MetadataFile: MetadataFile.replace(/HTTP-Redirect/g, "HTTP-Artifact") })).toBe(
    "the metadata has no SingleSignOnService with the HTTP-Redirect binding",
  );
  expect(
    await refusal({ MetadataFile: samlifyIdp(keys, { base: "http://idp.example" }).getMetadata() }),
  ).toBe("SingleSignOnService Location http://idp.example/sso is not an https URL");
  // Nothing was stored for the refused ones.
  expect(
    await rejection(idp.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName: "Bad" }))),
  ).toBeInstanceOf(ResourceNotFoundException);

  // An update without metadata keeps it; encryption off drops the certificate from Describe, on
  // again brings back the same key.
  const off = (
    await idp.send(
      new UpdateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "Okta",
        ProviderDetails: { IDPSignout: "false", EncryptedResponses: "false" },
      }),
    )
  ).IdentityProvider!;
  expect(off.ProviderDetails).toEqual({
    MetadataFile,
    IDPSignout: "false",
    EncryptedResponses: "false",
    SSORedirectBindingURI: "https://idp.example/sso",
    SLORedirectBindingURI: "https://idp.example/slo",
  });
  const on = (
    await idp.send(
      new UpdateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "Okta",
        ProviderDetails: { EncryptedResponses: "true" },
      }),
    )
  ).IdentityProvider!;
  expect(on.ProviderDetails!.ActiveEncryptionCertificate).toBe(active);
  // New metadata replaces the old, and its endpoints with it; bad metadata changes nothing.
  const moved = samlifyIdp(keys, { base: "https://sso.corp.example" }).getMetadata();
  const replaced = (
    await idp.send(
      new UpdateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "Okta",
        ProviderDetails: { MetadataFile: moved },
      }),
    )
  ).IdentityProvider!;
  expect(replaced.ProviderDetails).toEqual({
    MetadataFile: moved,
    SSORedirectBindingURI: "https://sso.corp.example/sso",
    SLORedirectBindingURI: "https://sso.corp.example/slo",
  });
  expect(
    await rejection(
      idp.send(
        new UpdateIdentityProviderCommand({
          UserPoolId,
          ProviderName: "Okta",
          ProviderDetails: { MetadataFile: "<x/>" },
        }),
      ),
    ),
  ).toBeInstanceOf(InvalidParameterException);
  expect(
    (await idp.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName: "Okta" })))
      .IdentityProvider!.ProviderDetails,
  ).toEqual(replaced.ProviderDetails);

  // Deleted, its encryption key goes too: a new provider of the name gets a new one.
  await idp.send(new DeleteIdentityProviderCommand({ UserPoolId, ProviderName: "Okta" }));
  const again = (
    await idp.send(
      new CreateIdentityProviderCommand({
        UserPoolId,
        ProviderName: "Okta",
        ProviderType: "SAML",
        ProviderDetails: { MetadataFile, EncryptedResponses: "true" },
      }),
    )
  ).IdentityProvider!;
  expect(again.ProviderDetails!.ActiveEncryptionCertificate).toMatch(/^MII/);
  expect(again.ProviderDetails!.ActiveEncryptionCertificate).not.toBe(active);

  // The pool's SP metadata (beyond Cognito), once it has a domain: what an IdP is set up from.
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId, Domain: unique("saml") }));
  const response = await fetch(`${target.endpoint}/${UserPoolId}/saml2/metadata?provider=Okta`);
  expect(response.status).toBe(200);
  const sp = samlify.ServiceProvider({ metadata: await response.text() });
  expect(sp.entityMeta.getEntityID()).toBe(`urn:amazon:cognito:sp:${UserPoolId}`);
  expect(sp.entityMeta.getAssertionConsumerService("post")).toBe(
    `${target.endpoint}/${UserPoolId}/saml2/idpresponse`,
  );
  const certificates = sp.entityMeta.getX509Certificate("signing");
  expect([certificates].flat()).toEqual([Certificate]);
  expect([sp.entityMeta.getX509Certificate("encryption")].flat()).toEqual([
    again.ProviderDetails!.ActiveEncryptionCertificate,
  ]);
}
