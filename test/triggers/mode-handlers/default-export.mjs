// `export default { handler }`.
export default { handler: async (event) => ({ ...event, response: { style: "default" } }) };
