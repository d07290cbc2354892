import { JWS_ALGORITHMS, type JwsAlgorithm } from "../../runtime/crypto.js";
import { stringsOf } from "../principal.js";
import { join, objectOf, optionalString, optionalStrings, requiredString } from "../../util/validate.js";
import { claimIncludesAny } from "./claims.js";
import { JwtError } from "./errors.js";
import { fetchableUrl } from "./fetch.js";
import { algorithmsOption, allowListOption, urlOption, type IssuerProfile, type KeysFor } from "./profile.js";

/**
 * Any OpenID Connect or OAuth 2.0 issuer of JWTs (Auth0, Okta, Entra ID, Keycloak, Google, cognate).
 *
 * @example
 * ```ts
 * { type: "oidc", issuer: "https://idp.example.com", audience: "my-api", typ: "at+jwt" }
 * ```
 */
export interface OidcIssuerOptions {
  type: "oidc";
  /** The exact `iss`. Keys come from its discovery document unless `jwksUri` is given. */
  issuer: string;
  /** Accepted `aud` values (any one must appear); null accepts any audience. */
  audience: string | string[] | null;
  jwksUri?: string;
  /** Default: every asymmetric algorithm, each bound to its key type. */
  algorithms?: JwsAlgorithm[];
  /**
   * Required `typ` header values, e.g. `"at+jwt"` for RFC 9068 access tokens (so an ID token
   * cannot pass as one). Default: a missing `typ`, `JWT` or `at+jwt`.
   */
  typ?: string | string[];
  /** Claim holding the user's groups. Default `groups`. */
  groupsClaim?: string;
  /** Claim holding the username. Default `username`, then `preferred_username`. */
  usernameClaim?: string;
}

const FIELDS = ["type", "issuer", "audience", "jwksUri", "algorithms", "typ", "groupsClaim", "usernameClaim"];

/** `typ` values compare case-insensitively, with or without `application/` (RFC 7515 §4.1.9). */
export function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith("application/") ? lower.slice("application/".length) : lower;
}

export function oidcProfile(options: unknown, path: string, keysFor: KeysFor): IssuerProfile {
  const obj = objectOf(options, path, FIELDS);
  const issuer = requiredString(obj, "issuer", path);
  const audiences = allowListOption(obj, "audience", path);
  const jwksUri = obj.jwksUri === undefined ? undefined : urlOption(obj.jwksUri, join(path, "jwksUri"));
  if (jwksUri === undefined) urlOption(issuer, join(path, "issuer"));
  const typs = (optionalStrings(obj, "typ", path) ?? ["", "jwt", "at+jwt"]).map(normalizeTyp);
  const groupsClaim = optionalString(obj, "groupsClaim", path) ?? "groups";
  const usernameClaims = [
    optionalString(obj, "usernameClaim", path) ?? ["username", "preferred_username"],
  ].flat();

  return {
    issuer,
    algorithms: algorithmsOption(obj, path, [...JWS_ALGORITHMS]),
    keys: keysFor(jwksUri !== undefined && fetchableUrl(jwksUri) ? { jwksUri } : { discover: issuer }),
    checkHeader(header) {
      const typ =
        header.typ === undefined ? "" : typeof header.typ === "string" ? normalizeTyp(header.typ) : null;
      if (typ === null || !typs.includes(typ)) {
        throw new JwtError(
          "ERR_JWT_TYP_INVALID",
          `"typ" ${typ ? `"${typ}" ` : ""}is not accepted (expected ${typs.filter(Boolean).join(" or ")})`,
        );
      }
    },
    checkClaims(payload, header) {
      if (audiences !== null && !claimIncludesAny(payload.aud, audiences)) {
        throw new JwtError("ERR_JWT_CLAIM_INVALID", `"aud" is not an accepted audience`);
      }
      const username = usernameClaims.map((name) => payload[name]).find((v) => typeof v === "string") as
        | string
        | undefined;
      const use = payload.token_use;
      const rfc9068 = typeof header.typ === "string" && normalizeTyp(header.typ) === "at+jwt";
      return {
        username,
        groups: stringsOf(payload[groupsClaim]),
        tokenUse: use === "id" || use === "access" ? use : rfc9068 ? "access" : undefined,
      };
    },
  };
}
