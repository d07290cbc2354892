// Fails every event, as a handler whose dependency is down would.
export const handler = async (event) => {
  throw new Error(`refused ${event.triggerSource}`);
};
