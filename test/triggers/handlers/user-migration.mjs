// User migration from a legacy directory (after AWS's "Migrate user" example, whose legacy
// directory is an external API; here it is a table in the module).
const LEGACY = new Map([
  ["legacy-alice", { password: "Legacy-Passw0rd!", email: "alice@legacy.example" }],
  ["legacy-bob", { password: "Bob-Legacy-1!", email: "bob@legacy.example" }],
]);

const authenticate = (name, password) => {
  const user = LEGACY.get(name);
  return user !== undefined && user.password === password ? user : undefined;
};

export const handler = async (event) => {
  if (event.triggerSource === "UserMigration_Authentication") {
    const user = authenticate(event.userName, event.request.password);
    if (user === undefined) throw new Error("Bad password");
    event.response.userAttributes = { email: user.email, email_verified: "true" };
    event.response.finalUserStatus = "CONFIRMED";
    event.response.messageAction = "SUPPRESS";
  } else if (event.triggerSource === "UserMigration_ForgotPassword") {
    const user = LEGACY.get(event.userName);
    if (user === undefined) throw new Error("Bad password");
    event.response.userAttributes = { email: user.email, email_verified: "true" };
    event.response.messageAction = "SUPPRESS";
  } else {
    throw new Error(`Bad triggerSource ${event.triggerSource}`);
  }
  return event;
};
