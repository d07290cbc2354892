// cognito-local as its bin (lib/bin/start.js) starts it, with one change: its log goes out as
// plain pino JSON lines, each written with one synchronous write, instead of through pino-pretty.
// Its asynchronous log writers held a line back now and then until another came, and the log is
// where cognito-local delivers confirmation codes, so a sign-up could wait for its code forever.
// (Plain JSON is also the cheaper log: no pretty-printing cost is charged to cognito-local.)
import { writeSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(createRequire(import.meta.url).resolve("cognito-local/package.json"));
const pino = require("pino");
const { createDefaultServer } = require("./lib/server");

const logger = pino({ level: "info" }, { write: (line) => writeSync(1, line) });
const server = await (await createDefaultServer(logger)).start();
const { address, port } = server.address();
logger.info(`Cognito Local running on http://${address}:${port} `);
