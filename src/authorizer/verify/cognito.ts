import { JwtError } from "./errors.js";
import { claimIncludesAny } from "./claims.js";
import { stringsOf } from "../principal.js";
import {
  join,
  objectOf,
  OptionsError,
  optionalNumber,
  requiredString,
  optionalString,
  shown,
} from "../../util/validate.js";
import {
  algorithmsOption,
  allowListOption,
  urlOption,
  type IssuerProfile,
  type KeysFor,
  type RevocationsFor,
} from "./profile.js";
import type { RevocationList } from "./revocations.js";
import type { JwsAlgorithm } from "../../runtime/crypto.js";

/**
 * A Cognito user pool as a token issuer.
 *
 * @example
 * ```ts
 * { type: "cognito", userPoolId: "us-east-1_AbCdEf", clientId: "4tq3...", tokenUse: "access" }
 * ```
 */
export interface CognitoIssuerOptions {
  type: "cognito";
  /** `{region}_{id}`; the region gives the default issuer URL. */
  userPoolId: string;
  /** App client ids accepted: `aud` of ID tokens, `client_id` of access tokens; null accepts any. */
  clientId: string | string[] | null;
  /** Which tokens are accepted; null accepts both (API Gateway's Cognito authorizer takes either). */
  tokenUse: "id" | "access" | null;
  /** Default `https://cognito-idp.{region}.amazonaws.com/{userPoolId}`; set it for a cognate pool (`{publicUrl}/{userPoolId}`). */
  issuer?: string;
  /** Default `{issuer}/.well-known/jwks.json`. */
  jwksUri?: string;
  /** Default `["RS256"]`, the only algorithm Cognito signs with. */
  algorithms?: JwsAlgorithm[];
  /**
   * For a cognate pool: refuse revoked tokens (RevokeToken, GlobalSignOut, AdminUserGlobalSignOut,
   * AdminDisableUser, password resets) by polling the pool's revocation feed. A revocation bites
   * within `maxStaleSeconds` (default 60); the feed is read every `refreshSeconds` (default 15);
   * while it cannot be read past `maxStaleSeconds`, requests get 503. `uri` defaults to
   * `{issuer}/revocations`. `secret`: the feed's `COGNATE_REVOCATION_FEED_SECRET`, sent as
   * `Authorization: Bearer` when the feed is private.
   */
  revocations?: { uri?: string; refreshSeconds?: number; maxStaleSeconds?: number; secret?: string };
}

const FIELDS = [
  "type",
  "userPoolId",
  "clientId",
  "tokenUse",
  "issuer",
  "jwksUri",
  "algorithms",
  "revocations",
];
const POOL_ID = /^(?<region>(\w+-)?\w+-\w+-\d+)_\w+$/;

/** The Cognito profile, as aws-jwt-verify applies it: `token_use`, then `aud` or `client_id` by token kind. */
export function cognitoProfile(
  options: unknown,
  path: string,
  keysFor: KeysFor,
  revocationsFor: RevocationsFor,
): IssuerProfile {
  const obj = objectOf(options, path, FIELDS);
  const userPoolId = requiredString(obj, "userPoolId", path, (id) =>
    POOL_ID.test(id) ? null : "must be a user pool id like us-east-1_AbCdEf",
  );
  const region = POOL_ID.exec(userPoolId)!.groups!.region;
  const clientIds = allowListOption(obj, "clientId", path);
  const tokenUse = obj.tokenUse;
  if (tokenUse !== "id" && tokenUse !== "access" && tokenUse !== null) {
    throw new OptionsError(join(path, "tokenUse"), `must be "id", "access" or null, got ${shown(tokenUse)}`);
  }
  const given = optionalString(obj, "issuer", path);
  // A mistaken `issuer` is reported as written, not as the JWKS URL derived from it.
  if (given !== undefined && obj.jwksUri === undefined) urlOption(given, join(path, "issuer"));
  const issuer = given ?? `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`;
  const jwksUri = urlOption(
    obj.jwksUri ?? `${issuer}/.well-known/jwks.json`,
    join(path, obj.jwksUri ? "jwksUri" : "issuer"),
  );

  return {
    issuer,
    revocations: revocationsOption(obj.revocations, join(path, "revocations"), issuer, revocationsFor),
    algorithms: algorithmsOption(obj, path, ["RS256"]),
    keys: keysFor({ jwksUri }),
    checkHeader() {},
    checkClaims(payload) {
      const use = payload.token_use;
      if (use !== "id" && use !== "access") throw claim(`"token_use" must be "id" or "access"`);
      if (tokenUse !== null && use !== tokenUse)
        throw claim(`${use} token where an ${tokenUse} token is required`);
      if (clientIds !== null) {
        const claimName = use === "id" ? "aud" : "client_id";
        if (!claimIncludesAny(payload[claimName], clientIds))
          throw claim(`"${claimName}" is not an accepted client`);
      }
      const username = use === "id" ? payload["cognito:username"] : payload.username;
      return {
        tokenUse: use,
        username: typeof username === "string" ? username : undefined,
        groups: stringsOf(payload["cognito:groups"]),
      };
    },
  };
}

function revocationsOption(
  value: unknown,
  path: string,
  issuer: string,
  revocationsFor: RevocationsFor,
): RevocationList | undefined {
  if (value === undefined) return undefined;
  const obj = objectOf(value, path, ["uri", "refreshSeconds", "maxStaleSeconds", "secret"]);
  const uri = urlOption(obj.uri ?? `${issuer}/revocations`, obj.uri === undefined ? path : join(path, "uri"));
  const refreshSeconds = optionalNumber(obj, "refreshSeconds", path, 1, 3600) ?? 15;
  const maxStaleSeconds =
    optionalNumber(obj, "maxStaleSeconds", path, refreshSeconds, 86_400) ?? Math.max(60, refreshSeconds);
  // Checked here rather than with optionalString, whose message would quote the secret.
  const secret = obj.secret;
  if (secret !== undefined && (typeof secret !== "string" || !/^[\x21-\x7e]{32,512}$/.test(secret))) {
    throw new OptionsError(
      join(path, "secret"),
      "must be 32 to 512 printable ASCII characters (the feed's COGNATE_REVOCATION_FEED_SECRET)",
    );
  }
  return revocationsFor(uri, refreshSeconds * 1000, maxStaleSeconds * 1000, secret);
}

function claim(message: string): JwtError {
  return new JwtError("ERR_JWT_CLAIM_INVALID", message);
}
