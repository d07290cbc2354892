// The benchmark's trigger: a plain Lambda handler that returns the event it is given, as a
// PreAuthentication function that lets every sign-in through does. Run unchanged in every mode.
export const handler = async (event) => event;
