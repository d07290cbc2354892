import { describe, expect, it } from "vitest";
import { RouteMatcher } from "./matcher.js";

const at = (path: string) => `http://gw.example${path}`;

describe("RouteMatcher", () => {
  it("matches as Hono's app router does, in table order", () => {
    const table = new RouteMatcher(["/orders/*", "/users/:id", "/*", "/exact"]);
    expect(table.match(at("/orders/7"))).toEqual([0, 2]);
    expect(table.match(at("/orders"))).toEqual([0, 2]);
    expect(table.match(at("/users/9"))).toEqual([1, 2]);
    expect(table.match(at("/users/9/x"))).toEqual([2]);
    expect(table.match(at("/exact"))).toEqual([2, 3]);
    expect(table.match(at("/exact/"))).toEqual([2]);
  });

  it("is case-sensitive by default, as API Gateway", () => {
    const table = new RouteMatcher(["/orders/*"]);
    expect(table.match(at("/ORDERS/7"))).toEqual([]);
    expect(table.pathOf(at("/ORDERS/7"))).toBe("/ORDERS/7");
  });

  it("case-insensitive, matches the lower-cased path against lower-cased patterns", () => {
    const table = new RouteMatcher(["/Orders/*", "/api/secret/*"], { caseInsensitive: true });
    expect(table.match(at("/ORDERS/7"))).toEqual([0]);
    expect(table.match(at("/orders/7"))).toEqual([0]);
    expect(table.match(at("/Api/SeCrEt/x"))).toEqual([1]);
    expect(table.match(at("/%41pi/secret/x"))).toEqual([1]);
    expect(table.pathOf(at("/Api/X"))).toBe("/api/x");
  });

  it("refuses ambiguous paths: control characters, and case that does not round-trip", () => {
    const sensitive = new RouteMatcher(["/*"]);
    const insensitive = new RouteMatcher(["/*"], { caseInsensitive: true });
    for (const table of [sensitive, insensitive]) {
      expect(table.match(at("/a%00"))).toBeUndefined();
      expect(table.match(at("//a"))).toBeUndefined();
    }
    expect(sensitive.match(at("/%C5%BFecret"))).toEqual([0]);
    expect(insensitive.match(at("/%C5%BFecret"))).toBeUndefined();
  });
});
