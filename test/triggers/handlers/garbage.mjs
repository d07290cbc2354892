// Answers something that is not the event: for PreSignUp a response of the wrong types, for the
// rest a bare string.
export const handler = async (event) => {
  if (event.triggerSource.startsWith("PreSignUp_")) return { ...event, response: { autoConfirmUser: "yes" } };
  return "not an event";
};
