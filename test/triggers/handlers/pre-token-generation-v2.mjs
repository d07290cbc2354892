// Pre token generation V2: put the user's tenant and a role into the access token, add a scope, and
// take the email out of the ID token (after AWS's "Pre token generation" V2 example).
export const handler = async (event) => {
  const tenant = event.request.userAttributes["custom:tenant"] ?? "none";
  event.response = {
    claimsAndScopeOverrideDetails: {
      idTokenGeneration: {
        claimsToAddOrOverride: { tenant },
        claimsToSuppress: ["email"],
      },
      accessTokenGeneration: {
        claimsToAddOrOverride: { tenant, roles: ["reader", "approver"] },
        scopesToAdd: ["orders/approve"],
      },
    },
  };
  return event;
};
