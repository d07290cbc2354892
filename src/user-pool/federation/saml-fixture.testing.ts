/**
 * Test fixture: a SAML IdP in samlify (the well-kept library the stand-ins use), its key pair made
 * by cognate's own certificate maker, and its metadata as an IdP would publish it.
 */
import * as samlify from "samlify";
import { makeSamlKeyPair, pem } from "./saml-certificates.js";

/** The bindings by samlify's names. */
export const BINDING = samlify.Constants.namespace.binding;

/** An IdP's key pair as PEM. */
export interface PemPair {
  certificate: string;
  privateKey: string;
  /** The certificate as base64 DER. */
  der: string;
}

/** A fresh key pair for an IdP (or an attacker), as PEM. */
export async function pemPair(subject = "idp.example", now = Date.now()): Promise<PemPair> {
  const made = await makeSamlKeyPair(subject, now);
  return {
    certificate: pem("CERTIFICATE", made.certificate),
    privateKey: pem("PRIVATE KEY", Buffer.from(made.pkcs8).toString("base64")),
    der: made.certificate,
  };
}

/** A samlify IdP with Redirect SSO and SLO endpoints on `base`. */
export function samlifyIdp(
  keys: PemPair,
  options: { base?: string; entityID?: string; wantAuthnRequestsSigned?: boolean } = {},
) {
  const base = options.base ?? "https://idp.example";
  return samlify.IdentityProvider({
    entityID: options.entityID ?? `${base}/metadata`,
    signingCert: keys.certificate,
    privateKey: keys.privateKey,
    wantAuthnRequestsSigned: options.wantAuthnRequestsSigned ?? false,
    singleSignOnService: [
      { Binding: BINDING.redirect, Location: `${base}/sso` },
      { Binding: BINDING.post, Location: `${base}/sso-post` },
    ],
    singleLogoutService: [{ Binding: BINDING.redirect, Location: `${base}/slo` }],
  });
}

/** samlify checks documents against the SAML schema only through a validator; the tests check the XML themselves. */
export function skipSchemaValidation(): void {
  samlify.setSchemaValidator({ validate: () => Promise.resolve("skipped") });
}
