// Custom message: the service's own words for sign-up and forgotten passwords (after AWS's
// "Custom message" example). The code stays a placeholder: Cognito fills it in.
export const handler = async (event) => {
  if (event.triggerSource === "CustomMessage_SignUp" || event.triggerSource === "CustomMessage_ResendCode") {
    const message = `Thank you for signing up to Orders. Your confirmation code is ${event.request.codeParameter}.`;
    event.response.smsMessage = message;
    event.response.emailMessage = message;
    event.response.emailSubject = "Welcome to Orders";
  } else if (event.triggerSource === "CustomMessage_ForgotPassword") {
    event.response.emailMessage = `Reset your Orders password with code ${event.request.codeParameter}.`;
    event.response.emailSubject = "Your Orders password";
  }
  return event;
};
