import { describe, expect, it } from "vitest";
import { parsePolicy } from "./parse.js";
import { StatementIndex } from "./statement-index.js";

const ARN = "arn:aws:execute-api:us-east-1:123456789012:shop/prod";
const policy = parsePolicy(
  {
    Version: "2012-10-17",
    Statement: [
      { Sid: "Exact", Effect: "Allow", Action: "execute-api:Invoke", Resource: `${ARN}/GET/items/1` },
      { Sid: "Prefix", Effect: "Allow", Action: "execute-api:Invoke", Resource: `${ARN}/GET/items/*` },
      {
        Sid: "Suffix",
        Effect: "Allow",
        Action: "execute-api:Invoke",
        Resource: `${ARN}/*/users/\${jwt:sub}/avatar`,
      },
      { Sid: "Short", Effect: "Allow", Action: "execute-api:*", Resource: "arn:aws:execute-api:*:*:*" },
      { Sid: "Everything", Effect: "Deny", Action: "s3:*", Resource: "*" },
      { Sid: "NotResource", Effect: "Deny", Action: "execute-api:Invoke", NotResource: `${ARN}/GET/*` },
      { Sid: "AnyService", Effect: "Allow", Action: "*", Resource: `${ARN}/POST/*` },
      { Sid: "NotAction", Effect: "Deny", NotAction: "s3:*", Resource: "arn:aws:s3:::b/*" },
    ],
  },
  "p.json",
);
const index = new StatementIndex([policy]);
const sids = (action: string, resource: string) => index.candidates(action, resource).map((s) => s.sid);

describe("StatementIndex", () => {
  it("offers the statements whose literal prefix and suffix the resource has, in policy order", () => {
    expect(sids("execute-api:Invoke", `${ARN}/GET/items/1`)).toEqual([
      "Exact",
      "Prefix",
      "Short",
      "NotResource",
    ]);
    expect(sids("execute-api:Invoke", `${ARN}/GET/items/2`)).toEqual(["Prefix", "Short", "NotResource"]);
    expect(sids("execute-api:Invoke", `${ARN}/PUT/users/u-1/avatar`)).toEqual([
      "Suffix",
      "Short",
      "NotResource",
    ]);
    expect(sids("execute-api:Invoke", `${ARN}/PUT/users/u-1/name`)).toEqual(["Short", "NotResource"]);
  });

  it("keys actions by service, case-insensitively, and keeps wildcard services and NotAction for every action", () => {
    expect(sids("EXECUTE-API:invoke", `${ARN}/POST/orders`)).toEqual(["Short", "NotResource", "AnyService"]);
    expect(sids("s3:GetObject", "arn:aws:s3:::b/k")).toEqual(["Everything", "NotAction"]);
    expect(sids("sqs:SendMessage", "arn:aws:s3:::b/k")).toEqual(["NotAction"]);
  });
});
