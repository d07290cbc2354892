// A handler whose answer is over Lambda's 6 MB limit.
export const handler = async (event) => ({ ...event, response: { blob: "x".repeat(7 * 1024 * 1024) } });
