/**
 * The token endpoint's grant table: one file per `grant_type`, one line here each.
 */
import { authorizationCode } from "./authorization-code.js";
import { clientCredentials } from "./client-credentials.js";
import type { Grant } from "./grant.js";
import { refreshToken } from "./refresh-token.js";
import { tokenExchange } from "./token-exchange.js";
import { TOKEN_EXCHANGE_GRANT } from "../exchange/request.js";

export type { Grant } from "./grant.js";

/** Every grant type the token endpoint takes, by name. */
export const GRANTS: Readonly<Record<string, Grant>> = {
  authorization_code: authorizationCode,
  refresh_token: refreshToken,
  client_credentials: clientCredentials,
  [TOKEN_EXCHANGE_GRANT]: tokenExchange,
};
