import { describe, expect, it } from "vitest";
import { canonicalPath } from "./path.js";

describe("canonicalPath", () => {
  it.each([
    ["https://h/", "/"],
    ["https://h", "/"],
    ["http://127.0.0.1:9229/orders/7?x=1#f", "/orders/7"],
    ["https://h/caf%C3%A9/a%20b", "/café/a b"],
    ["https://h/a/b/", "/a/b/"],
  ])("%s -> %s", (url, path) => {
    expect(canonicalPath(url)).toBe(path);
  });

  it.each([
    "https://h//admin/x",
    "https://h/api//admin",
    "https://h/admin%2Fx",
    "https://h/admin%2fx",
    "https://h/admin%5Cx",
    "https://h/admin\\x",
    "https://h/admin;jsessionid=1/x",
    "https://h/a/%2e%2e/admin",
    "https://h/a/%2E/b",
    "https://h/%E0%A4%A",
    "https://h/%C3%28",
  ])("refuses the ambiguous %s", (url) => {
    expect(canonicalPath(url)).toBeUndefined();
  });
});
