import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";

export type Alg = "RS256" | "PS256" | "ES256" | "EdDSA";

interface Key {
  kid: string;
  alg: Alg;
  privateKey: CryptoKey;
  jwk: JWK;
}

const START = Math.floor(Date.now() / 1000);

/** What the issuer's HTTP side does: serve keys, fail, stall, or send too much. */
export type Mode = "ok" | "down" | "hang" | "dead" | "huge" | "not-json";

/**
 * A real token issuer for tests: its own keys, a JWKS and an OIDC discovery document served by an
 * in-process `fetch` (a real HTTP exchange with Request and Response, so it also works inside
 * workerd), fetches counted, and a controllable clock for its tokens.
 */
export class TestIssuer {
  readonly keys: Key[] = [];
  /** kids currently published in the JWKS. */
  published = new Set<string>();
  mode: Mode = "ok";
  cacheControl: string | undefined;
  fetches: string[] = [];
  discoveryIssuer: string | undefined;
  discoveryJwksUri: string | undefined;
  /**
   * Seconds since the epoch; tokens' iat/exp derive from it, and `now` gives the authorizer the same
   * clock. Every issuer starts at the same second, so a test's issuers never disagree by one.
   */
  clock = START;

  constructor(readonly issuer: string) {}

  static async create(issuer: string, algs: Alg[] = ["RS256"]): Promise<TestIssuer> {
    const it = new TestIssuer(issuer);
    for (const [i, alg] of algs.entries()) await it.addKey(`key-${i + 1}`, alg);
    return it;
  }

  get jwksUri(): string {
    return `${this.issuer}/.well-known/jwks.json`;
  }

  readonly now = (): number => this.clock * 1000;

  async addKey(kid: string, alg: Alg = "RS256", options: { publish?: boolean } = {}): Promise<Key> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
    const key = { kid, alg, privateKey: privateKey as CryptoKey, jwk };
    this.keys.push(key);
    if (options.publish !== false) this.published.add(kid);
    return key;
  }

  /** The private half of a key as a JWK. */
  async privateJwk(kid: string): Promise<JWK> {
    return exportJWK(this.key(kid).privateKey);
  }

  /** Publishes a public JWK made elsewhere (a weak key, another issuer's key). */
  publish(jwk: JWK & { kid: string }, privateKey?: CryptoKey): void {
    this.keys.push({
      kid: jwk.kid,
      alg: (jwk.alg ?? "RS256") as Alg,
      privateKey: privateKey as CryptoKey,
      jwk,
    });
    this.published.add(jwk.kid);
  }

  key(kid: string): Key {
    const key = this.keys.find((k) => k.kid === kid);
    if (!key) throw new Error(`no key ${kid}`);
    return key;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.filter((k) => this.published.has(k.kid)).map((k) => k.jwk) };
  }

  /** Signs `claims` (with iss, iat, exp defaults from the clock) under a key, `kid` in the header. */
  async sign(
    claims: JWTPayload & Record<string, unknown>,
    options: { kid?: string; header?: Record<string, unknown> } = {},
  ): Promise<string> {
    const key = this.key(options.kid ?? this.keys[0]!.kid);
    return new SignJWT({ iss: this.issuer, iat: this.clock, exp: this.clock + 3600, ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, ...options.header })
      .sign(key.privateKey);
  }

  /** The issuer's HTTP endpoints, as a fetch. Anything else answers 404 and is still counted. */
  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    this.fetches.push(request.url);
    if (this.mode === "down") return new Response("upstream unavailable", { status: 502 });
    if (this.mode === "hang") {
      // The caller's own signal: a rebuilt Request's signal does not reliably follow it in undici.
      const signal = init?.signal ?? request.signal;
      return new Promise((_, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason ?? new Error("aborted")));
      });
    }
    // A fetch that never settles, abort or not: what a request context torn down under it leaves.
    if (this.mode === "dead") return new Promise(() => {});
    if (this.mode === "not-json") return new Response("<html>oops</html>", { status: 200 });
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.cacheControl) headers["cache-control"] = this.cacheControl;
    if (request.url === this.jwksUri) {
      const body = this.mode === "huge" ? { keys: this.jwks().keys, pad: "x".repeat(200_000) } : this.jwks();
      return new Response(JSON.stringify(body), { headers });
    }
    if (request.url === `${this.issuer}/.well-known/openid-configuration`) {
      const doc = {
        issuer: this.discoveryIssuer ?? this.issuer,
        jwks_uri: this.discoveryJwksUri ?? this.jwksUri,
        id_token_signing_alg_values_supported: ["RS256"],
      };
      return new Response(JSON.stringify(doc), { headers });
    }
    return new Response("not found", { status: 404 });
  };
}

const SIGN_PARAMS: Record<
  string,
  {
    import: RsaHashedImportParams | EcKeyImportParams;
    sign: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
  }
> = {
  RS256: { import: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, sign: { name: "RSASSA-PKCS1-v1_5" } },
  PS256: { import: { name: "RSA-PSS", hash: "SHA-256" }, sign: { name: "RSA-PSS", saltLength: 32 } },
  ES256: { import: { name: "ECDSA", namedCurve: "P-256" }, sign: { name: "ECDSA", hash: "SHA-256" } },
};

/**
 * Signs any header and payload with a private JWK under `alg`, with none of a JWT library's
 * guard rails: for tokens a careful library refuses to make (a `crit` header, an RSA key used
 * for PS256, a weak key).
 */
export async function signRaw(
  privateJwk: JWK,
  alg: "RS256" | "PS256" | "ES256",
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  const params = SIGN_PARAMS[alg]!;
  const { alg: _, key_ops: __, ...material } = privateJwk;
  const key = await crypto.subtle.importKey("jwk", material as JsonWebKey, params.import, false, ["sign"]);
  const input = `${b64url(JSON.stringify({ alg, ...header }))}.${b64url(JSON.stringify(payload))}`;
  const signature = await crypto.subtle.sign(params.sign, key, new TextEncoder().encode(input));
  return `${input}.${b64url(new Uint8Array(signature))}`;
}

/** A 1024-bit RSA key pair (too weak to accept) as JWKs, made with WebCrypto since jose refuses to. */
export async function weakRsaKey(kid: string): Promise<{ publicJwk: JWK; privateJwk: JWK }> {
  const pair = (await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 1024,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const publicJwk = {
    ...((await crypto.subtle.exportKey("jwk", pair.publicKey)) as JWK),
    kid,
    alg: "RS256",
    use: "sig",
  };
  return { publicJwk, privateJwk: (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JWK };
}

/** Cognito-shaped claims for a user of `clientId` (access token unless `use` says id). */
export function cognitoClaims(
  use: "access" | "id",
  clientId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const common = {
    sub: "5f9c1a2e-0000-4000-8000-00000000beef",
    auth_time: Math.floor(Date.now() / 1000),
    "cognito:groups": ["admins", "staff"],
  };
  if (use === "access") {
    return {
      ...common,
      token_use: "access",
      client_id: clientId,
      scope: "aws.cognito.signin.user.admin orders/read",
      username: "alice",
      jti: crypto.randomUUID(),
      ...extra,
    };
  }
  return {
    ...common,
    token_use: "id",
    aud: clientId,
    "cognito:username": "alice",
    email: "alice@example.com",
    ...extra,
  };
}

/** base64url of a string or bytes, for hand-made tokens. */
export function b64url(input: string | Uint8Array): string {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes a token's part (0 header, 1 payload) as JSON. */
export function part(token: string, index: 0 | 1): Record<string, unknown> {
  const text = atob(token.split(".")[index]!.replace(/-/g, "+").replace(/_/g, "/"));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(text, (c) => c.charCodeAt(0))));
}
