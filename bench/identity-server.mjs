// One server of the identity benchmark, as a child process on 127.0.0.1: the Node entry's start()
// as `npm start` runs it (SQLite under COGNATE_DATA_DIR, roles from COGNATE_POLICIES/roles/, the
// environment the benchmark hands in). Prints one JSON line, `{"url": ...}`, once listening, and
// exits when stdin closes, so it never outlives the benchmark.
import { createInterface } from "node:readline";
import { start } from "../dist/entry/node.js";

const log = console.log;
console.log = () => undefined; // the banner
const server = await start({ ...process.env, HOST: "127.0.0.1" });
console.log = log;
console.log(JSON.stringify({ url: server.url }));
createInterface({ input: process.stdin }).on("close", () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
