import { describe, expect, it } from "vitest";
import { escapeXml, queryErrorResponse, queryResponse, xmlElements } from "./xml.js";

describe("the Query protocol's XML", () => {
  it("escapes the five XML specials, in text and in the namespace", () => {
    expect(escapeXml(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
  });

  it("writes members in order, leaves out undefined ones, lists as <member>, dates in ISO 8601 UTC", () => {
    expect(
      xmlElements({
        A: "x<y",
        B: undefined,
        C: { D: 3, E: true },
        F: ["1", "2"],
        G: new Date(Date.UTC(2026, 11, 6, 1, 2, 3)),
      }),
    ).toBe(
      "<A>x&lt;y</A><C><D>3</D><E>true</E></C><F><member>1</member><member>2</member></F><G>2026-12-06T01:02:03.000Z</G>",
    );
  });

  it("wraps a result in <ActionResponse><ActionResult> with the request id", async () => {
    const response = queryResponse(
      "GetCallerIdentity",
      "https://sts.amazonaws.com/doc/2011-06-15/",
      { Account: "0" },
      "r-1",
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/xml");
    expect(response.headers.get("x-amzn-requestid")).toBe("r-1");
    expect(await response.text()).toBe(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>0</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
    );
  });

  it("writes an error as <ErrorResponse>, Sender for 4xx and Receiver for 5xx", async () => {
    const sender = queryErrorResponse(
      { code: "InvalidIdentityToken", message: "bad <token>", status: 400 },
      "ns",
      "r-2",
    );
    expect(sender.status).toBe(400);
    expect(await sender.text()).toBe(
      '<ErrorResponse xmlns="ns"><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>bad &lt;token&gt;</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
    );
    const receiver = queryErrorResponse({ code: "InternalFailure", message: "x", status: 500 }, "ns", "r-3");
    expect(await receiver.text()).toContain("<Type>Receiver</Type>");
  });
});
