import { describe, expect, it } from "vitest";
import { resolveRoutes } from "./routes.js";
import { shadowingWarnings } from "./shadowing.js";

const upstream = "http://127.0.0.1:8080";
const auth = { issuers: [{ type: "oidc", issuer: "https://idp.example.com", audience: "a" }] };
const table = (...routes: Record<string, unknown>[]) =>
  resolveRoutes(routes.map((r) => ({ upstream, ...r })));

describe("shadowingWarnings", () => {
  it("names the public route below that takes the methods a protected route does not list", () => {
    const routes = table({ method: ["GET", "POST"], path: "/orders/*", auth }, { path: "/*", auth: "none" });
    expect(shadowingWarnings(routes, true)).toEqual([
      'routes[1] ("/*") is public and takes PUT, PATCH, DELETE, OPTIONS requests to paths of the authenticated routes[0] ("/orders/*" GET, POST): an upstream that serves them there does so without authentication',
    ]);
  });

  it("names the public route below that takes the protected route's path in another case, unless paths are case-insensitive", () => {
    const routes = table({ path: "/orders/*", auth }, { path: "/:any/*", auth: "none" });
    expect(shadowingWarnings(routes, false)).toEqual([
      'routes[1] ("/:any/*") is public and takes GET /ORDERS/X, which the authenticated routes[0] ("/orders/*") refuses for its case: an upstream that ignores case serves it without authentication (set "caseInsensitivePaths": true)',
    ]);
    expect(shadowingWarnings(routes, true)).toEqual([]);
  });

  it("gives both lines for one pair when both apply", () => {
    const warnings = shadowingWarnings(
      table({ method: "GET", path: "/orders/:id", auth }, { path: "/*", auth: "none" }),
      false,
    );
    expect(warnings).toHaveLength(2);
    for (const line of warnings)
      expect(line).toMatch(/^routes\[1\] \("\/\*"\) is public .* routes\[0\] \("\/orders\/:id" GET\)/);
  });

  it("says nothing when the methods go to another protected route first, or no public route overlaps", () => {
    expect(
      shadowingWarnings(
        table(
          { method: "GET", path: "/orders/*", auth },
          { path: "/orders/*", auth },
          { path: "/*", auth: "none" },
        ),
        true,
      ),
    ).toEqual([]);
    expect(
      shadowingWarnings(
        table({ method: "GET", path: "/orders/*", auth }, { path: "/public/*", auth: "none" }),
        false,
      ),
    ).toEqual([]);
    expect(
      shadowingWarnings(
        table({ path: "/orders/*", auth }, { path: "/orders/*", method: "GET", auth: "none" }),
        false,
      ),
    ).toEqual([]);
    expect(shadowingWarnings(table({ path: "/123/*", auth }, { path: "/*", auth: "none" }), false)).toEqual(
      [],
    );
  });

  it("says nothing of a public route above the protected one (requests never reach it), nor of a public route alone", () => {
    expect(
      shadowingWarnings(
        table({ path: "/*", auth: "none" }, { method: "GET", path: "/orders/*", auth }),
        false,
      ),
    ).toEqual([]);
    expect(shadowingWarnings(table({ path: "/*", auth: "none" }), false)).toEqual([]);
  });
});
