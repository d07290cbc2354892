// Where an OIDC provider's calls go: a remote issuer's discovery document may not steer them to
// this machine or to the private network, however the address is spelt (finding 01 of attack 5).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IdentityProviderRecord } from "../../storage/index.js";
import { IdpSetupError, idpEndpoints } from "./endpoints.js";
import type { FederationOptions } from "./options.js";

let server: Server;
let origin: string;
/** What the discovery document names as every endpoint, by issuer host. */
const steerTo = new Map<string, string>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const issuer = `https://${hostOf(req.url ?? "/")}`;
    const target = steerTo.get(issuer) ?? "https://idp.example/x";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        issuer,
        authorization_endpoint: target,
        token_endpoint: target,
        userinfo_endpoint: target,
        jwks_uri: target,
      }),
    );
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((ok) => server.close(ok));
});

// Each issuer is https://iN.example/{N}; the path tells the stub which one asked.
const hostOf = (path: string) => `i${path.split("/")[1]}.example/${path.split("/")[1]}`;

let n = 0;
function provider(): { record: IdentityProviderRecord; issuer: string } {
  const id = n++;
  const issuer = `https://i${id}.example/${id}`;
  const record = {
    poolId: "us-east-1_x",
    name: `P${id}`,
    type: "OIDC",
    details: { client_id: "c", client_secret: "s", oidc_issuer: issuer, authorize_scopes: "openid" },
    attributeMapping: {},
  } as unknown as IdentityProviderRecord;
  return { record, issuer };
}

/** A remote issuer (as the name says) whose discovery is served by the stub on loopback. */
async function discover(target: string, allowLoopbackHttp: boolean): Promise<string> {
  const { record, issuer } = provider();
  steerTo.set(issuer, target);
  const options: FederationOptions = {
    endpointOrigins: { [new URL(issuer).origin]: origin },
    allowLoopbackHttp,
  };
  return idpEndpoints(options, record).then(
    (found) => `token endpoint ${found.token.href}`,
    (error: unknown) =>
      error instanceof IdpSetupError ? `refused: ${error.message}` : `failed: ${String(error)}`,
  );
}

describe("a remote issuer's discovery document", () => {
  it.each([
    "https://127.0.0.1:8443/token",
    "https://0.0.0.0:8443/token",
    "https://[::ffff:127.0.0.1]:8443/token",
    "https://[::]:8443/token",
    "https://localhost.:8443/token",
    "https://foo.localhost:8443/token",
    "https://2130706433:8443/token",
    "https://0x7f.0.0.1/token",
    "https://10.0.0.1/token",
    "https://172.16.5.4/token",
    "https://192.168.0.1/token",
    "https://169.254.169.254/latest/meta-data",
    "https://100.64.0.1/token",
    "https://[fd00::1]/token",
    "https://[fe80::1]/token",
    "https://[::ffff:10.0.0.1]/token",
    "https://224.0.0.1/token",
  ])("may not point at %s (allowLoopbackHttp off and on)", async (target) => {
    expect(await discover(target, false)).toMatch(/^refused: P\d+ Error - no usable/);
    expect(await discover(target, true)).toMatch(/^refused: P\d+ Error - no usable/);
  });

  it("may point at public hosts", async () => {
    expect(await discover("https://login.idp.example/token", false)).toBe(
      "token endpoint https://login.idp.example/token",
    );
    expect(await discover("https://8.8.8.8/token", false)).toBe("token endpoint https://8.8.8.8/token");
  });
});

describe("an issuer configured on a literal address", () => {
  const configured = (issuer: string, allowLoopbackHttp: boolean) => {
    const { record } = provider();
    record.details = {
      ...record.details,
      oidc_issuer: issuer,
      authorize_url: `${issuer}/authorize`,
      token_url: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
    };
    return idpEndpoints({ endpointOrigins: {}, allowLoopbackHttp }, record).then(
      (found) => found.token.href,
      (error: unknown) => (error instanceof IdpSetupError ? "refused" : `failed: ${String(error)}`),
    );
  };

  it("is refused when private, whatever allowLoopbackHttp says", async () => {
    for (const issuer of [
      "https://10.1.2.3",
      "https://192.168.1.10",
      "https://[fc00::5]",
      "https://169.254.169.254",
    ]) {
      expect(await configured(issuer, false)).toBe("refused");
      expect(await configured(issuer, true)).toBe("refused");
    }
  });

  it("on loopback, is allowed only under allowLoopbackHttp", async () => {
    for (const issuer of ["https://127.0.0.1:9443", "https://localhost:9443", "https://[::1]:9443"]) {
      expect(await configured(issuer, false)).toBe("refused");
      expect(await configured(issuer, true)).toBe(`${issuer}/token`);
    }
    expect(await configured("http://127.0.0.1:9080", true)).toBe("http://127.0.0.1:9080/token");
    // http stays for the plain loopback names: not 0.0.0.0 or *.localhost.
    expect(await configured("http://0.0.0.0:9080", true)).toBe("refused");
    expect(await configured("http://foo.localhost:9080", true)).toBe("refused");
  });
});

describe("Google's key set", () => {
  const google = (target: string) => {
    const { record, issuer } = provider();
    steerTo.set(issuer, target);
    const details = {
      ...record.details,
      authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
      token_url: "https://www.googleapis.com/oauth2/v4/token",
    };
    const options: FederationOptions = {
      endpointOrigins: { [new URL(issuer).origin]: origin },
      allowLoopbackHttp: false,
    };
    return { record: { ...record, type: "Google", details } as IdentityProviderRecord, options };
  };

  it("comes from its discovery document, which may not steer it off the public internet", async () => {
    const steered = google("https://10.0.0.5/keys");
    await expect(idpEndpoints(steered.options, steered.record)).rejects.toThrow(IdpSetupError);
    const fine = google("https://keys.example/jwks");
    expect((await idpEndpoints(fine.options, fine.record)).jwks).toBeDefined();
  });

  it("is not looked up for the first leg, which needs only the authorization endpoint", async () => {
    const { record } = google("https://10.0.0.5/keys");
    const offline: FederationOptions = { endpointOrigins: {}, allowLoopbackHttp: false };
    expect((await idpEndpoints(offline, record, true)).authorize.href).toBe(
      "https://accounts.google.com/o/oauth2/v2/auth",
    );
  });
});
