// A handler that always fails, as one whose legacy store is down.
export const handler = async () => {
  throw new Error("legacy store unavailable");
};
