// A CommonJS handler module (`exports.handler`).
exports.handler = async (event) => ({ ...event, response: { style: "commonjs" } });
