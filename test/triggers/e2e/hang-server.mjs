// The hanging handler (../handlers/hangs.mjs, unchanged) behind a loopback URL, in a process of its
// own. Each invocation runs the handler in a worker thread of its own (its busy loop would stop any
// thread it ran on). Any POST (the HTTP mode's path or the Lambda Invoke API's) is left unanswered,
// except that an asynchronous Lambda invocation (`X-Amz-Invocation-Type: Event`, the custom
// senders) is accepted with 202 first, as Lambda accepts one before it runs the function. The
// thread stops when cognate gives up on an unanswered one (its deadline closes the connection), or
// after STOP_AFTER_MS at the latest, past the suite's invocation timeout: a spinning thread holds a
// whole core, which the suites running beside it need. The test stops this process by its id.
import { createServer } from "node:http";
import { Worker } from "node:worker_threads";

const STOP_AFTER_MS = 3000;
const HANDLER = new URL("../handlers/hangs.mjs", import.meta.url).href;
const RUN = `
const { workerData } = require("node:worker_threads");
import(workerData.handler).then(({ handler }) => handler(workerData.event, {}));
`;

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const event = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    const worker = new Worker(RUN, { eval: true, workerData: { handler: HANDLER, event } });
    const stop = () => void worker.terminate();
    setTimeout(stop, STOP_AFTER_MS).unref();
    if (request.url.startsWith("/2015-03-31/") && request.headers["x-amz-invocation-type"] === "Event")
      response.writeHead(202).end();
    else response.on("close", stop);
  });
});
server.listen(0, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
