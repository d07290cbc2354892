import { readFileSync } from "node:fs";
import { Hono } from "hono";
import * as samlify from "samlify";
import { formOf, listen, type Running } from "./shared.js";

// The IdP stand-in only: samlify wants a schema validator, and this side never validates what it
// receives beyond samlify's own parsing (federation.md §6.3).
samlify.setSchemaValidator({ validate: async () => "skipped" });

const FIXTURES = new URL("../fixtures/", import.meta.url);
/** A PEM of test/federation/fixtures (`saml-idp-key`, `saml-sp-cert`, ...). */
export const pem = (name: string): string => readFileSync(new URL(`saml-${name}.pem`, FIXTURES), "utf8");

/** The body of a PEM certificate: base64 DER, as metadata's `X509Certificate` holds it. */
export const certificateBody = (certificate: string): string =>
  certificate.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "");

const B = samlify.Constants.namespace.binding;
const GCM128 = "http://www.w3.org/2009/xmlenc11#aes128-gcm";
const CBC256 = "http://www.w3.org/2001/04/xmlenc#aes256-cbc";

/** Who signs in at the IdP: the NameID, attributes by Name, and the session's index. */
export interface SamlUser {
  nameId: string;
  attributes?: Record<string, string | string[]>;
  sessionIndex?: string;
}

/** How one response is made (defaults: assertion signed, Response not, plain, times now). */
export interface ResponseOptions {
  /** InResponseTo (SP-initiated); `null` or absent: none (IdP-initiated). */
  requestId?: string | null;
  signAssertion?: boolean;
  signResponse?: boolean;
  /** Encrypt the assertion to `spEncryptionCert` (`gcm`, or samlify's default `cbc`). */
  encrypt?: "gcm" | "cbc";
  /** Shift every time in the response by this many ms (negative: issued in the past). */
  shiftMs?: number;
  /** Assertion lifetime (Conditions and SubjectConfirmationData NotOnOrAfter), default 5 min. */
  lifetimeMs?: number;
  audience?: string;
  recipient?: string;
  destination?: string;
}

/** Options of {@link samlIdp}. */
export interface SamlIdpOptions {
  /** The IdP's entity ID (default `https://idp.saml.test/metadata`, or the server's when started). */
  entityId?: string;
  /** The SP: `urn:amazon:cognito:sp:{poolId}` and its ACS URL (`.../saml2/idpresponse`). */
  spEntityId: string;
  acs: string;
  /** The SP's single logout URL (`.../saml2/logout`). */
  slo?: string;
  /** The SP's encryption certificate (PEM) for encrypted assertions. */
  spEncryptionCert?: string;
  /** The SP's signing certificate (PEM), to verify signed AuthnRequests and LogoutRequests. */
  spSigningCert?: string;
  /** Base URL of the IdP's own endpoints (SSO, SLO) in its metadata. */
  baseUrl?: string;
  /** Signing key and certificate; default the `idp` fixture pair. */
  keyPem?: string;
  certPem?: string;
}

/** A samlify IdP that issues SAML responses to one SP. */
export interface SamlIdp {
  entityId: string;
  /** Its metadata XML (ProviderDetails MetadataFile). */
  metadata: string;
  /** Its signing certificate, PEM. */
  certificate: string;
  /** A base64 SAMLResponse for `user`. */
  response: (user: SamlUser, options?: ResponseOptions) => Promise<string>;
  /** A signed base64 LogoutResponse to the LogoutRequest `requestId`. */
  logoutResponse: (requestId: string, options?: LogoutResponseOptions) => string;
  /** The SP's encryption certificate (PEM or base64 DER) from now on (known once the provider exists). */
  useSpEncryptionCert: (certificate: string) => void;
}

/** How one LogoutResponse is made (defaults: Success, now, the SP's SLO URL). */
export interface LogoutResponseOptions {
  status?: string;
  shiftMs?: number;
  destination?: string;
  issuer?: string;
}

function escapeXml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`,
  );
}

function attributeStatement(attributes: Record<string, string | string[]> | undefined): string {
  const entries = Object.entries(attributes ?? {});
  if (entries.length === 0) return "";
  const each = entries.map(([name, value]) => {
    const values = (Array.isArray(value) ? value : [value])
      .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
      .join("");
    return `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">${values}</saml:Attribute>`;
  });
  return `<saml:AttributeStatement>${each.join("")}</saml:AttributeStatement>`;
}

/**
 * A SAML 2.0 IdP on samlify 2.13, in memory: its metadata and signed (optionally encrypted)
 * responses, for unit tests and for the HTTP stand-in {@link startSamlIdp}.
 *
 * @example
 * const idp = samlIdp({ spEntityId: "urn:amazon:cognito:sp:us-east-1_X", acs });
 * const samlResponse = await idp.response({ nameId: "alice" }, { requestId: "_abc" });
 */
export function samlIdp(given: SamlIdpOptions): SamlIdp {
  const options = { ...given };
  const entityId = options.entityId ?? "https://idp.saml.test/metadata";
  const base = options.baseUrl ?? "https://idp.saml.test";
  const certificate = options.certPem ?? pem("idp-cert");
  const settings = {
    entityID: entityId,
    signingCert: certificate,
    privateKey: options.keyPem ?? pem("idp-key"),
    singleSignOnService: [{ Binding: B.redirect, Location: `${base}/sso` }],
    singleLogoutService: [{ Binding: B.redirect, Location: `${base}/slo` }],
    nameIDFormat: ["urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"],
    ...(options.spSigningCert === undefined ? {} : { wantAuthnRequestsSigned: true }),
  };
  const plainIdp = samlify.IdentityProvider(settings);

  function sp(o: ResponseOptions) {
    return samlify.ServiceProvider({
      entityID: options.spEntityId,
      assertionConsumerService: [{ Binding: B.post, Location: options.acs }],
      ...(options.slo === undefined
        ? {}
        : { singleLogoutService: [{ Binding: B.post, Location: options.slo }] }),
      wantAssertionsSigned: o.signAssertion ?? true,
      wantMessageSigned: o.signResponse ?? false,
      ...(options.spEncryptionCert === undefined ? {} : { encryptCert: options.spEncryptionCert }),
      ...(options.spSigningCert === undefined ? {} : { signingCert: options.spSigningCert }),
      ...(o.encrypt === undefined ? {} : { isAssertionEncrypted: true }),
    });
  }

  async function response(user: SamlUser, o: ResponseOptions = {}): Promise<string> {
    if (o.signAssertion === false && !o.signResponse) throw new Error("samlify signs one of them at least");
    const idp =
      o.encrypt === undefined
        ? plainIdp
        : samlify.IdentityProvider({
            ...settings,
            isAssertionEncrypted: true,
            // A setting samlify reads but does not declare.
            ...({ dataEncryptionAlgorithm: o.encrypt === "gcm" ? GCM128 : CBC256 } as object),
          });
    const now = Date.now() + (o.shiftMs ?? 0);
    const iso = (ms: number) => new Date(ms).toISOString();
    const until = iso(now + (o.lifetimeMs ?? 5 * 60_000));
    const sessionIndex = user.sessionIndex ?? `_session_${crypto.randomUUID()}`;
    const assertionId = `_a${crypto.randomUUID()}`;
    const fill = (template: string) => {
      const withStatements = template
        .replace(
          "{AuthnStatement}",
          `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${escapeXml(sessionIndex)}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
        )
        .replace("{AttributeStatement}", attributeStatement(user.attributes));
      const id = `_r${crypto.randomUUID()}`;
      const context = samlify.SamlLib.replaceTagsByValue(withStatements, {
        ID: id,
        AssertionID: assertionId,
        Destination: o.destination ?? options.acs,
        Audience: o.audience ?? options.spEntityId,
        SubjectRecipient: o.recipient ?? options.acs,
        Issuer: entityId,
        IssueInstant: iso(now),
        StatusCode: samlify.Constants.StatusCode.Success,
        ConditionsNotBefore: iso(now),
        ConditionsNotOnOrAfter: until,
        SubjectConfirmationDataNotOnOrAfter: until,
        NameIDFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        NameID: user.nameId,
        InResponseTo: o.requestId ?? null,
      } as Record<string, string>);
      return { id, context };
    };
    // Encrypted and Response-signed: samlify signs the message after encrypting only when asked.
    const { context } = await idp.createLoginResponse(
      sp(o),
      {} as never,
      "post",
      {},
      {
        customTagReplacement: fill,
        encryptThenSign: o.encrypt !== undefined && o.signResponse === true,
      },
    );
    return context;
  }

  function logoutResponse(requestId: string, o: LogoutResponseOptions = {}): string {
    const target = samlify.ServiceProvider({
      entityID: options.spEntityId,
      assertionConsumerService: [{ Binding: B.post, Location: options.acs }],
      singleLogoutService: [{ Binding: B.post, Location: options.slo ?? options.acs }],
      wantLogoutResponseSigned: true,
    });
    const fill = (template: string) => {
      const id = `_l${crypto.randomUUID()}`;
      const context = samlify.SamlLib.replaceTagsByValue(template, {
        ID: id,
        Destination: o.destination ?? options.slo ?? null,
        Issuer: o.issuer ?? entityId,
        IssueInstant: new Date(Date.now() + (o.shiftMs ?? 0)).toISOString(),
        StatusCode: o.status ?? samlify.Constants.StatusCode.Success,
        InResponseTo: requestId,
      } as Record<string, string>);
      return { id, context };
    };
    const answer = plainIdp.createLogoutResponse(target, {} as never, "post", {
      customTagReplacement: fill,
    }) as {
      context: string;
    };
    return answer.context;
  }

  const useSpEncryptionCert = (cert: string) => {
    options.spEncryptionCert = cert.includes("-----BEGIN")
      ? cert
      : `-----BEGIN CERTIFICATE-----\n${cert.replace(/(.{64})/g, "$1\n")}\n-----END CERTIFICATE-----\n`;
  };
  return {
    entityId,
    metadata: plainIdp.getMetadata(),
    certificate,
    response,
    logoutResponse,
    useSpEncryptionCert,
  };
}

/** A running SAML IdP stand-in. */
export interface SamlStandIn extends Running, SamlIdp {
  /** Who signs in at the next SSO request (else `{ nameId: "saml-user" }`). */
  nextUser: (user: SamlUser) => void;
  /** How the next responses are made (encryption, signatures, times); persists until changed. */
  setResponseOptions: (options: Omit<ResponseOptions, "requestId">) => void;
  /** The SAMLResponses posted so far, newest last (for replay tests). */
  issued: { samlResponse: string; relayState?: string }[];
  /** The LogoutRequests received at /slo (decoded XML). */
  logoutRequests: string[];
}

/** The HTML page that auto-posts `fields` to `action` (the HTTP-POST binding). */
export function autoPost(action: string, fields: Record<string, string | undefined>): string {
  const inputs = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<input type="hidden" name="${escapeXml(k)}" value="${escapeXml(v!)}"/>`)
    .join("");
  return `<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${escapeXml(action)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form></body></html>`;
}

/**
 * A SAML IdP on loopback (samlify): `GET /metadata`; `GET /sso` (HTTP-Redirect AuthnRequest,
 * parsed and, when the SP signing certificate is given, its signature checked) answering with a
 * page that auto-posts the signed Response with the RelayState to the ACS; `GET /init?RelayState=`
 * for IdP-initiated sign-in; `GET /slo` (a LogoutRequest) answering with a LogoutResponse posted to
 * the SP's SLO URL.
 *
 * @example
 * const idp = await startSamlIdp({ spEntityId, acs, slo });
 * await store.identityProviders.create({ ..., details: { MetadataFile: idp.metadata } });
 */
export async function startSamlIdp(options: Omit<SamlIdpOptions, "baseUrl">): Promise<SamlStandIn> {
  const queue: SamlUser[] = [];
  let responseOptions: Omit<ResponseOptions, "requestId"> = {};
  const issued: SamlStandIn["issued"] = [];
  const logoutRequests: string[] = [];
  let idp: SamlIdp | undefined;
  let samlIdpEntity: ReturnType<typeof samlify.IdentityProvider> | undefined;
  let spEntity: ReturnType<typeof samlify.ServiceProvider> | undefined;
  const running = await listen((url) => {
    idp = samlIdp({ ...options, baseUrl: url, entityId: options.entityId ?? `${url}/metadata` });
    // Logout requests must be signed where AuthnRequests are; LogoutResponses always are.
    samlIdpEntity = samlify.IdentityProvider({
      metadata: idp.metadata,
      privateKey: options.keyPem ?? pem("idp-key"),
      wantLogoutRequestSigned: options.spSigningCert !== undefined,
    });
    spEntity = samlify.ServiceProvider({
      entityID: options.spEntityId,
      assertionConsumerService: [{ Binding: B.post, Location: options.acs }],
      wantLogoutResponseSigned: true,
      ...(options.slo === undefined
        ? {}
        : { singleLogoutService: [{ Binding: B.post, Location: options.slo }] }),
      ...(options.spSigningCert === undefined
        ? {}
        : { signingCert: options.spSigningCert, authnRequestsSigned: true }),
    });
    const app = new Hono();
    const post = async (user: SamlUser, requestId: string | null, relayState: string | undefined) => {
      const samlResponse = await idp!.response(user, { ...responseOptions, requestId });
      issued.push({ samlResponse, ...(relayState === undefined ? {} : { relayState }) });
      return autoPost(options.acs, { SAMLResponse: samlResponse, RelayState: relayState });
    };
    app.get("/metadata", (c) =>
      c.body(idp!.metadata, 200, { "Content-Type": "application/samlmetadata+xml" }),
    );
    app.get("/sso", async (c) => {
      let requestId: string;
      try {
        const parsed = await samlIdpEntity!.parseLoginRequest(spEntity!, "redirect", {
          query: c.req.query(),
          octetString: new URL(c.req.url).search.slice(1).split("&Signature=")[0],
        } as never);
        requestId = (parsed.extract as { request: { id: string } }).request.id;
      } catch (error) {
        return c.text(`Bad AuthnRequest: ${(error as Error).message}`, 400);
      }
      return c.html(
        await post(queue.shift() ?? { nameId: "saml-user" }, requestId, c.req.query("RelayState")),
      );
    });
    app.get("/init", async (c) =>
      c.html(await post(queue.shift() ?? { nameId: "saml-user" }, null, c.req.query("RelayState"))),
    );
    app.get("/slo", async (c) => {
      try {
        const parsed = await samlIdpEntity!.parseLogoutRequest(spEntity!, "redirect", {
          query: c.req.query(),
          octetString: new URL(c.req.url).search.slice(1).split("&Signature=")[0],
        } as never);
        logoutRequests.push(String(parsed.samlContent));
        const answer = samlIdpEntity!.createLogoutResponse(spEntity!, parsed as never, "post", {
          relayState: c.req.query("RelayState"),
        }) as { context: string };
        return c.html(
          autoPost(options.slo ?? "", {
            SAMLResponse: answer.context,
            RelayState: c.req.query("RelayState"),
          }),
        );
      } catch (error) {
        return c.text(`Bad LogoutRequest: ${(error as Error).message}`, 400);
      }
    });
    app.post("/slo", async (c) => c.text(`unexpected POST ${JSON.stringify(await formOf(c.req.raw))}`, 400));
    return app;
  });
  return {
    ...running,
    get entityId() {
      return idp!.entityId;
    },
    get metadata() {
      return idp!.metadata;
    },
    get certificate() {
      return idp!.certificate;
    },
    response: (user, o) => idp!.response(user, o),
    logoutResponse: (requestId, o) => idp!.logoutResponse(requestId, o),
    useSpEncryptionCert: (cert) => idp!.useSpEncryptionCert(cert),
    nextUser: (user) => queue.push(user),
    setResponseOptions: (o) => {
      responseOptions = o;
    },
    issued,
    logoutRequests,
  };
}
