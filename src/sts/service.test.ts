import { describe, expect, it } from "vitest";
import { integer, list, string, structure } from "../protocol/json/index.js";
import { StsError } from "./errors.js";
import { readParams } from "./params.js";
import { stsService } from "./service.js";

const form = (body: string) =>
  new Request("http://h/", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });

describe("the STS service's protocol", () => {
  const app = stsService(
    {
      Echo: async ({ params }) => ({ Value: params.get("Value") }),
      Fail: async () => {
        throw new StsError("AccessDenied", "no", 403);
      },
      Crash: async () => {
        throw new Error("secret detail");
      },
    },
    () => undefined,
  );

  it("dispatches on Action and answers in STS's namespace", async () => {
    const response = await app.fetch(form("Action=Echo&Version=2011-06-15&Value=a%26b"));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(
      '<EchoResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><EchoResult><Value>a&amp;b</Value></EchoResult>',
    );
  });

  it("answers an unknown action, another version, no action and a repeated parameter with their codes", async () => {
    const codes = async (body: string) => {
      const response = await app.fetch(form(body));
      return [response.status, /<Code>(.*)<\/Code>/.exec(await response.text())?.[1]];
    };
    expect(await codes("Action=Nope&Version=2011-06-15")).toEqual([400, "InvalidAction"]);
    expect(await codes("Action=Echo&Version=2010-01-01")).toEqual([400, "InvalidAction"]);
    expect(await codes("Version=2011-06-15")).toEqual([400, "MissingAction"]);
    expect(await codes("Action=Echo&Action=Echo")).toEqual([400, "MalformedQueryString"]);
    expect(await codes("Action=Fail")).toEqual([403, "AccessDenied"]);
  });

  it("refuses a GET, the parameters in its URL, as MalformedQueryString (the SDKs POST; a token in a URL is logged)", async () => {
    const response = await app.fetch(new Request("http://h/?Action=Echo&Version=2011-06-15&Value=a"));
    expect(response.status).toBe(400);
    expect(/<Code>(.*)<\/Code>/.exec(await response.text())?.[1]).toBe("MalformedQueryString");
  });

  it("answers an action's own crash with InternalFailure, without its details", async () => {
    const response = await app.fetch(form("Action=Crash"));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain("<Code>InternalFailure</Code>");
    expect(text).not.toContain("secret detail");
  });
});

describe("STS parameters", () => {
  const Shape = structure({
    RoleArn: string({ required: true, min: 20, max: 2048 }),
    DurationSeconds: integer({ min: 900, max: 43200 }),
    PolicyArns: list(structure({ arn: string({ min: 20, max: 2048 }) })),
  });
  const params = (entries: Record<string, string>) => new Map(Object.entries(entries));

  it("reads numbers from text and lists from Name.member.N", () => {
    expect(
      readParams(
        Shape,
        params({
          RoleArn: "arn:aws:iam::000000000000:role/R",
          DurationSeconds: "900",
          "PolicyArns.member.1.arn": "arn:aws:iam::aws:policy/ReadOnly",
          "PolicyArns.member.2.arn": "arn:aws:iam::aws:policy/Other12",
        }),
      ),
    ).toEqual({
      RoleArn: "arn:aws:iam::000000000000:role/R",
      DurationSeconds: 900,
      PolicyArns: [{ arn: "arn:aws:iam::aws:policy/ReadOnly" }, { arn: "arn:aws:iam::aws:policy/Other12" }],
    });
  });

  it("refuses broken constraints as ValidationError in AWS's words", () => {
    let caught: unknown;
    try {
      readParams(Shape, params({ DurationSeconds: "10" }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StsError);
    expect((caught as StsError).code).toBe("ValidationError");
    expect((caught as StsError).message).toBe(
      "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null; Value '10' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    expect(() =>
      readParams(Shape, params({ RoleArn: "arn:aws:iam::000000000000:role/R", DurationSeconds: "ten" })),
    ).toThrow(StsError);
  });
});
