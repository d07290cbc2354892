import { describe, expect, it } from "vitest";
import type { RequestContext } from "../../protocol/json/index.js";
import type { ClientRecord } from "../../storage/index.js";
import { seenByAdmin, seenByUser } from "./observe.js";

const request = (headers: Record<string, string>, cf?: Record<string, unknown>): RequestContext => ({
  headers: new Headers(headers),
  url: "http://127.0.0.1/",
  sourceIp: "127.0.0.1",
  receivedAt: 0,
  ...(cf === undefined ? {} : { cf }),
});
const client = (secret: string | null, propagate: boolean) =>
  ({
    id: "c1",
    poolId: "p",
    name: "app",
    secret,
    originalSecret: secret,
    secrets: secret === null ? [] : [secret],
    config: { EnablePropagateAdditionalUserContextData: propagate },
    revision: "r",
    createdAt: 0,
    updatedAt: 0,
  }) as ClientRecord;

describe("seenByUser", () => {
  it("takes the connection's address and User-Agent, and Cloudflare's location headers", () => {
    const seen = seenByUser(
      request({
        "user-agent": "curl/8",
        "cf-iplatitude": "51.5",
        "cf-iplongitude": "-0.12",
        "cf-ipcity": "London",
        "cf-ipcountry": "GB",
      }),
      client(null, false),
      undefined,
    );
    expect(seen).toEqual({
      ip: "127.0.0.1",
      userAgent: "curl/8",
      location: { latitude: 51.5, longitude: -0.12, city: "London", country: "GB" },
    });
  });

  it("prefers request.cf in Workers, and drops coordinates that are not on the earth", () => {
    const cf = { latitude: "-33.86", longitude: "151.2", city: "Sydney", country: "AU" };
    expect(
      seenByUser(request({ "cf-iplatitude": "1", "cf-iplongitude": "1" }, cf), client(null, false), undefined)
        .location,
    ).toEqual({ latitude: -33.86, longitude: 151.2, city: "Sydney", country: "AU" });
    // Where request.cf exists, headers of the same names are the client's own: never read.
    expect(
      seenByUser(
        request({ "cf-iplatitude": "1", "cf-iplongitude": "1" }, { country: "AU" }),
        client(null, false),
        undefined,
      ).location,
    ).toBeUndefined();
    for (const [lat, lon] of [
      ["91", "0"],
      ["0", "181"],
      ["x", "0"],
      ["", "0"],
      ["NaN", "1"],
      ["Infinity", "1"],
    ]) {
      expect(
        seenByUser(request({ "cf-iplatitude": lat!, "cf-iplongitude": lon! }), client(null, false), undefined)
          .location,
      ).toBeUndefined();
    }
  });

  it("honours UserContextData.IpAddress only from a client with a secret that propagates context", () => {
    const claimed = { IpAddress: "203.0.113.9" };
    expect(seenByUser(request({}), client("s3cret", true), claimed).ip).toBe("203.0.113.9");
    expect(seenByUser(request({}), client(null, true), claimed).ip).toBe("127.0.0.1");
    expect(seenByUser(request({}), client("s3cret", false), claimed).ip).toBe("127.0.0.1");
    expect(seenByUser(request({}), client("s3cret", true), { IpAddress: 42 }).ip).toBe("127.0.0.1");
  });

  it("bounds what it keeps of a User-Agent", () => {
    expect(
      seenByUser(request({ "user-agent": "x".repeat(5000) }), client(null, false), undefined).userAgent,
    ).toHaveLength(512);
  });
});

describe("seenByAdmin", () => {
  it("reads the address and headers the app passed on, header names in any case", () => {
    const seen = seenByAdmin({
      IpAddress: "198.51.100.7",
      ServerName: "app",
      ServerPath: "/login",
      HttpHeaders: [
        { headerName: "User-Agent", headerValue: "Firefox" },
        { headerName: "CF-IPLatitude", headerValue: "48.85" },
        { headerName: "cf-iplongitude", headerValue: "2.35" },
      ],
    });
    expect(seen).toEqual({
      ip: "198.51.100.7",
      userAgent: "Firefox",
      location: { latitude: 48.85, longitude: 2.35 },
    });
  });

  it("ignores what is not there or not text", () => {
    expect(seenByAdmin(undefined)).toEqual({});
    expect(seenByAdmin({ IpAddress: 7, HttpHeaders: "nope" })).toEqual({});
    expect(
      seenByAdmin({
        HttpHeaders: [null, { headerName: 3 }, { headerName: "user-agent", headerValue: ["x"] }],
      }),
    ).toEqual({});
  });
});
