// Pre sign-up: auto-confirm, and mark the email verified, for addresses of one domain (after AWS's
// "Pre sign-up" example). CommonJS, callback style.
// biome-ignore lint/correctness/noUnusedFunctionParameters: Lambda's signature, as AWS's example writes it (callback style needs the middle parameter; this handler does not read it)
exports.handler = (event, context, callback) => {
  const email = event.request.userAttributes.email ?? "";
  if (email.endsWith("@example.com")) {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  if (email.endsWith("@blocked.example")) {
    callback(new Error("Sign-ups from this domain are closed"), null);
    return;
  }
  callback(null, event);
};
