import { describe, expect, it } from "vitest";
import { awsJsonError, awsJsonOutput } from "../errors.js";
import {
  AwsError,
  errorClass,
  InternalErrorException,
  NotAuthorizedException,
  renderError,
  SerializationException,
  UnknownOperationException,
} from "./errors.js";

const RID = "8f3c2a54-7d0e-4d5b-9c1e-0a2b3c4d5e6f";

describe("error classes", () => {
  it("carry their type, status and message, and are AwsErrors", () => {
    const error = new NotAuthorizedException("Incorrect username or password.");
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toBeInstanceOf(NotAuthorizedException);
    expect(error).toMatchObject({
      type: "NotAuthorizedException",
      name: "NotAuthorizedException",
      status: 400,
      message: "Incorrect username or password.",
    });
    expect(new InternalErrorException("x").status).toBe(500);
    expect(NotAuthorizedException.type).toBe("NotAuthorizedException");
    const Custom = errorClass("UserPoolTaggingException");
    expect(new Custom("m", { cause: 1 })).toMatchObject({ type: "UserPoolTaggingException", cause: 1 });
  });
});

describe("renderError", () => {
  it("sends a modelled error as {__type, message} with `Type:` in x-amzn-ErrorType", async () => {
    const res = renderError(new NotAuthorizedException("Incorrect username or password."), RID);
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(res.headers.get("x-amzn-errortype")).toBe("NotAuthorizedException:");
    expect(res.headers.get("x-amzn-requestid")).toBe(RID);
    expect(await res.json()).toEqual({
      __type: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
  });

  it("sends the framework's errors as Coral does: its namespace, `Message`, or no message", async () => {
    const serialization = renderError(new SerializationException("Expected map or null"), RID);
    expect(serialization.headers.get("x-amzn-errortype")).toBe(
      "SerializationException:http://internal.amazon.com/coral/com.amazon.coral.service/",
    );
    expect(await serialization.json()).toEqual({
      __type: "SerializationException",
      Message: "Expected map or null",
    });
    expect(await renderError(new UnknownOperationException(), RID).json()).toEqual({
      __type: "UnknownOperationException",
    });
  });

  it("keeps awsJsonError's plain form for its other callers", async () => {
    const res = awsJsonError("MalformedPolicyDocumentException", "bad");
    expect(res.headers.get("x-amzn-errortype")).toBe("MalformedPolicyDocumentException");
    expect(await res.json()).toEqual({ __type: "MalformedPolicyDocumentException", message: "bad" });
  });
});

describe("awsJsonOutput", () => {
  it("writes {} for no output, drops null and undefined members, dates as epoch seconds", async () => {
    expect(await awsJsonOutput(undefined, RID).text()).toBe("{}");
    const created = new Date(1726694203495);
    const res = awsJsonOutput({
      User: { Username: "u", CreationDate: created, Missing: undefined, Nothing: null },
      List: [{ At: new Date(1000) }],
      Whole: new Date(1726694203000),
    });
    expect(res.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.text()).toBe(
      '{"User":{"Username":"u","CreationDate":1726694203.495},"List":[{"At":1}],"Whole":1726694203}',
    );
  });

  it("drops an invalid date rather than writing null", async () => {
    expect(await awsJsonOutput({ At: new Date(Number.NaN), B: 1 }).json()).toEqual({ B: 1 });
  });
});
