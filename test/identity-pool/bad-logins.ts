// Logins maps no identity pool may accept, made from a real sign-in: its ID token forged (alg
// none, HS256 with the public key as the secret, claims of the wrong type, huge or deeply nested
// claims), what is no JWT at all, keys past the map's limits, and providers the pool does not
// accept or cannot check. Each with what must answer it.
import { createHmac, createPublicKey } from "node:crypto";
import type { Expectation } from "../helpers/bad-input/cases.js";

/** The sign-in the bad logins are made from. */
export interface LoginsSetting {
  idToken: string;
  accessToken: string;
  /** The public JWK that signed the ID token. */
  jwk: Record<string, unknown>;
  /** `cognito-idp.{region}.amazonaws.com/{userPoolId}`, which the identity pool lists. */
  provider: string;
  /** The same pool under its other name, its issuer without the scheme. */
  issuerName: string;
  clientId: string;
}

/** An OIDC provider the identity pool names by ARN but the configuration does not describe. */
export const UNCONFIGURED_OIDC = "oidc.unconfigured.example";

const error = (...types: string[]): Expectation => ({ type: "error", types });
const REFUSED = error("NotAuthorizedException", "InvalidParameterException");
const b64 = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** The ID token with its header and claims changed, its signature kept (or the one given). */
function forged(
  idToken: string,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  signature?: string,
): string {
  const [h, p, s] = idToken.split(".") as [string, string, string];
  const headerOf = { ...JSON.parse(Buffer.from(h, "base64url").toString()), ...header };
  const claimsOf = { ...JSON.parse(Buffer.from(p, "base64url").toString()), ...claims };
  return `${b64(headerOf)}.${b64(claimsOf)}.${signature ?? s}`;
}

/** The ID token re-signed with HS256 under `secret` (the public key as an HMAC secret). */
function hs256(idToken: string, secret: string): string {
  const unsigned = forged(idToken, { alg: "HS256" }, {}).split(".").slice(0, 2).join(".");
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`;
}

/** Tokens no identity pool may accept, each with what it is. */
function badTokens(setting: LoginsSetting): [string, string][] {
  const { idToken, accessToken, jwk, clientId } = setting;
  const forge = (header: Record<string, unknown>, claims: Record<string, unknown>, signature?: string) =>
    forged(idToken, header, claims, signature);
  const [h, p, s] = idToken.split(".") as [string, string, string];
  const pem = createPublicKey({ key: jwk as never, format: "jwk" }).export({ type: "spki", format: "pem" });
  const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
  return [
    ["50000 characters, no JWT", "a".repeat(50_000)],
    ["no JWT", "not-a-jwt"],
    ["two parts", `${h}.${p}`],
    ["four parts", `${h}.${p}.${s}.${s}`],
    ["empty parts", ".."],
    ["dots", "....."],
    ["spaces", "   "],
    ["not base64url", "%%%.%%%.%%%"],
    ["non-ASCII", "é.🙂.\u0000"],
    ["header not JSON", `${b64("{not json")}.${p}.${s}`],
    ["header an array", `${b64([1])}.${p}.${s}`],
    ["claims not JSON", `${h}.${b64("{not json")}.${s}`],
    ["claims a string", `${h}.${b64('"claims"')}.${s}`],
    ["claims null", `${h}.${b64("null")}.${s}`],
    ["alg none, no signature", `${forge({ alg: "none" }, {}).split(".").slice(0, 2).join(".")}.`],
    ["alg none, the signature kept", forge({ alg: "none" }, {})],
    ["alg None", forge({ alg: "None" }, {}, "")],
    ["HS256 with the JWK as secret", hs256(idToken, JSON.stringify(jwk))],
    ["HS256 with the modulus as secret", hs256(idToken, String(jwk.n))],
    ["HS256 with the PEM as secret", hs256(idToken, String(pem))],
    ["an unknown kid", forge({ kid: "no-such-kid" }, {})],
    ["a kid of 30000 characters", forge({ kid: "k".repeat(30_000) }, {})],
    ["crit", forge({ crit: ["exp"] }, {})],
    ["the access token", accessToken],
    ["another sub, the signature kept", forge({}, { sub: "someone-else" })],
    ...(
      [
        ["iss", [123, ["x"], { a: 1 }, null, true, ""]],
        ["aud", [123, [clientId], { a: clientId }, null, true, ""]],
        ["sub", [123, null, [], {}]],
        ["exp", ["9999999999", null, 1e308, -1, []]],
        ["token_use", ["access", 1, null]],
      ] as [string, unknown[]][]
    ).flatMap(([claim, values]) =>
      values.map((value): [string, string] => [
        `${claim} ${JSON.stringify(value)}`,
        forge({}, { [claim]: value }),
      ]),
    ),
    ["a claim of 30000 characters", forge({}, { huge: "a".repeat(30_000) })],
    ["3000 claims", forge({}, Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`c${i}`, i])))],
    ["a claim nested 10000 deep", forge({}, {}).replace(/\.[^.]+\./, `.${b64(`{"x":${deep(10_000)}}`)}.`)],
    ["a header nested 10000 deep", `${b64(`{"alg":"RS256","x":${deep(10_000)}}`)}.${p}.${s}`],
  ];
}

/** Logins maps no identity pool may accept, with what must answer them. */
export function badLogins(setting: LoginsSetting): [string, Record<string, string>, Expectation][] {
  const { idToken, provider, issuerName } = setting;
  const others = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`login${i}.example.com`, "token"]));
  return [
    ...badTokens(setting).map(([what, token]): [string, Record<string, string>, Expectation] => [
      what,
      { [provider]: token },
      REFUSED,
    ]),
    ["11 entries", { [provider]: idToken, ...others }, { type: "InvalidParameterException", path: "logins" }],
    ["an empty token", { [provider]: "" }, { type: "InvalidParameterException", path: "logins" }],
    [
      "a token of 50001 characters",
      { [provider]: "a".repeat(50_001) },
      { type: "InvalidParameterException", path: "logins" },
    ],
    ["an empty key", { "": idToken }, { type: "InvalidParameterException", path: "logins" }],
    [
      "a key of 129 characters",
      { ["k".repeat(129)]: idToken },
      { type: "InvalidParameterException", path: "logins" },
    ],
    [
      "the pool under both of its names",
      { [provider]: idToken, [issuerName]: idToken },
      error("InvalidParameterException"),
    ],
    ["an unknown provider", { "login.example.org": idToken }, error("NotAuthorizedException")],
    [
      "the pool in another region's name",
      { [provider.replace("us-east-1.", "eu-west-1.")]: idToken },
      error("NotAuthorizedException"),
    ],
    [
      "Facebook (cannot be verified offline)",
      { "graph.facebook.com": "EAAGm0PX4ZCpsBA" },
      error("NotAuthorizedException"),
    ],
    [
      "an OIDC provider not configured",
      { [UNCONFIGURED_OIDC]: idToken },
      error("InvalidIdentityPoolConfigurationException"),
    ],
    [
      "a good login and a bad one",
      { [provider]: idToken, "graph.facebook.com": "EAAGm0PX4ZCpsBA" },
      error("NotAuthorizedException"),
    ],
    [
      "__proto__ as a key",
      JSON.parse(`{"__proto__":${JSON.stringify(idToken)}}`),
      error("NotAuthorizedException"),
    ],
    [
      "constructor as a key",
      { constructor: idToken } as Record<string, string>,
      error("NotAuthorizedException"),
    ],
  ];
}
