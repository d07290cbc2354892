// The client side of the identity benchmark's gateway part: requests signed with temporary
// credentials by the real AWS signer, @smithy/signature-v4 (what the SDKs and Amplify sign with),
// on node:crypto hashes (the SDK for Node's own choice; the pure-JS one the tests use would make the
// signing, not the gateway, the cost). Requests are signed ahead of the timed part, one per session,
// and autocannon sends the same pool over and over, as the bearer pool of tokens is sent.
import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac } from "node:crypto";

/** A `sha256` constructor for SignatureV4: a hash, or an HMAC when given a secret. */
class NodeSha256 {
  #secret;
  #hash;
  constructor(secret) {
    this.#secret = secret;
    this.reset();
  }
  update(data) {
    this.#hash.update(typeof data === "string" ? Buffer.from(data, "utf8") : data);
  }
  async digest() {
    return new Uint8Array(this.#hash.digest());
  }
  reset() {
    this.#hash =
      this.#secret === undefined
        ? createHash("sha256")
        : createHmac("sha256", typeof this.#secret === "string" ? Buffer.from(this.#secret) : this.#secret);
  }
}

// The wire form of smithy's query object, as its querystring-builder writes it.
const queryEscape = (value) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function pathOf(signed) {
  const parts = [];
  for (const key of Object.keys(signed.query ?? {}).sort()) {
    const value = signed.query[key];
    for (const v of Array.isArray(value) ? value : [value])
      parts.push(`${queryEscape(key)}=${queryEscape(v)}`);
  }
  return parts.length === 0 ? signed.path : `${signed.path}?${parts.join("&")}`;
}

/**
 * `GET {path}` to `origin` signed for `execute-api` with each session's credentials (issueSession's
 * answer), in the Authorization header or presigned in the query: autocannon's `requests`.
 */
export async function signedRequests(sessions, origin, path, { region = "us-east-1", presign = false } = {}) {
  const url = new URL(origin);
  const signingDate = new Date();
  return Promise.all(
    sessions.map(async (session) => {
      const signer = new SignatureV4({
        credentials: {
          accessKeyId: session.AccessKeyId,
          secretAccessKey: session.SecretKey,
          sessionToken: session.SessionToken,
        },
        region,
        service: "execute-api",
        sha256: NodeSha256,
      });
      const request = {
        method: "GET",
        protocol: url.protocol,
        hostname: url.hostname,
        port: Number(url.port),
        path,
        query: {},
        headers: { host: url.host },
      };
      const signed = presign
        ? await signer.presign(request, { expiresIn: 900, signingDate })
        : await signer.sign(request, { signingDate });
      const headers = {};
      for (const [name, value] of Object.entries(signed.headers))
        if (name.toLowerCase() !== "host") headers[name.toLowerCase()] = value;
      return { method: "GET", path: pathOf(signed), headers };
    }),
  );
}
