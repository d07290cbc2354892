// Lambda handlers in every style and failure, for the delivery modes' tests. Each is a plain
// Node.js Lambda handler (`event` in, `event` out).
export const asyncHandler = async (event) => {
  event.response.autoConfirmUser = true;
  return event;
};
export const promiseHandler = (event) => Promise.resolve({ ...event, response: { promised: true } });
export const callbackHandler = (event, _context, callback) => {
  setTimeout(() => callback(null, { ...event, response: { called: "back" } }), 1);
};
export const contextSucceed = (event, context) => {
  context.succeed({ ...event, response: { succeeded: true } });
};
export const remaining = async (event, context) => ({
  ...event,
  response: { remaining: context.getRemainingTimeInMillis(), arn: context.invokedFunctionArn },
});
export const throws = async () => {
  throw new Error("domain not allowed");
};
export const rejects = () => Promise.reject(new TypeError("rejected here"));
export const callbackError = (_event, _context, callback) => callback(new Error("called back with an error"));
export const contextFail = (_event, context) => context.fail(new Error("context failed"));
export const garbage = async () => {
  const cyclic = {};
  cyclic.self = cyclic;
  return cyclic;
};
export const notAnEvent = async () => "just a string";
export const spin = () => {
  for (;;) {
    // spin: only ending the thread stops this
  }
};
export const slow = async (event) => {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return event;
};
export const uncaught = (_event, _context, _callback) => {
  setTimeout(() => {
    throw new RangeError("thrown from a timer");
  }, 1);
};
