/** Time bounds of single logout, shared by the RelayState (logout-state.ts) and the LogoutResponse check. */

/** How long after the LogoutRequest its response is taken (the user may have to act at the IdP) [?]. */
export const LOGOUT_RESPONSE_MAX_AGE_MS = 10 * 60 * 1000;
