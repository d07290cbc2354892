/**
 * Route tables where a public route catches what an authenticated route above it turns away: a
 * method the authenticated route does not list, or (case-sensitive) another spelling of its path
 * that an upstream ignoring case serves as the same resource. Found at start-up and logged.
 */
import { RouteMatcher } from "./matcher.js";
import type { ResolvedRoute } from "./routes.js";

// What fetch can send, with HEAD (a GET route answers it).
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function allows(route: ResolvedRoute, method: string): boolean {
  return (
    route.method === "*" ||
    route.method.includes(method) ||
    (method === "HEAD" && route.method.includes("GET"))
  );
}

// A path the pattern matches, to test the routes below it with: each parameter or wildcard
// segment filled in; undefined when no filling matches (a parameter with a regular expression).
function samplePath(pattern: string): string | undefined {
  const own = new RouteMatcher([pattern]);
  for (const fill of ["x", "1"]) {
    const path = pattern
      .split("/")
      .map((segment) => (segment === "*" || segment.startsWith(":") ? fill : segment.replace(/\*$/, fill)))
      .join("/");
    if (own.matchPath(path).length > 0) return path;
  }
  return undefined;
}

const describe = (route: ResolvedRoute, i: number) =>
  `routes[${i}] (${JSON.stringify(route.path)}${route.method === "*" ? "" : ` ${route.method.join(", ")}`})`;

/**
 * One warning line per (authenticated route, public route below it) pair where the public route
 * takes requests to the authenticated route's paths: for a method it does not list, or, unless
 * `caseInsensitivePaths`, for the path in another case. Each line names both routes.
 *
 * @example
 * ```ts
 * shadowingWarnings(resolveRoutes([
 *   { method: "GET", path: "/orders/*", upstream: "http://127.0.0.1:8080", auth: { issuers } },
 *   { path: "/*", upstream: "http://127.0.0.1:8080", auth: "none" },
 * ]), false);
 * // ['routes[1] ("/*") is public and takes POST, PUT, PATCH, DELETE, OPTIONS requests to paths of the authenticated routes[0] ("/orders/*" GET) ...', ...]
 * ```
 */
export function shadowingWarnings(routes: readonly ResolvedRoute[], caseInsensitivePaths: boolean): string[] {
  const table = new RouteMatcher(
    routes.map((r) => r.path),
    { caseInsensitive: caseInsensitivePaths },
  );
  // The route that serves `method path`: the first that matches the path and lists the method.
  const serving = (path: string, method: string) =>
    table.matchPath(path).find((j) => allows(routes[j]!, method));
  const warnings: string[] = [];
  routes.forEach((route, i) => {
    if (route.auth === "none") return;
    const sample = samplePath(caseInsensitivePaths ? route.path.toLowerCase() : route.path);
    if (sample === undefined) return;
    const caught = new Map<number, string[]>();
    for (const method of METHODS.filter((m) => !allows(route, m))) {
      const j = serving(sample, method);
      if (j !== undefined && j > i && routes[j]!.auth === "none")
        caught.set(j, [...(caught.get(j) ?? []), method]);
    }
    for (const [j, methods] of caught) {
      warnings.push(
        `${describe(routes[j]!, j)} is public and takes ${methods.join(", ")} requests to paths of the authenticated ${describe(route, i)}: an upstream that serves them there does so without authentication`,
      );
    }
    const shouted = sample.toUpperCase();
    if (caseInsensitivePaths || shouted === sample || table.matchPath(shouted).includes(i)) return;
    const method = METHODS.find((m) => allows(route, m))!;
    const j = serving(shouted, method);
    if (j !== undefined && j > i && routes[j]!.auth === "none") {
      warnings.push(
        `${describe(routes[j]!, j)} is public and takes ${method} ${shouted}, which the authenticated ${describe(route, i)} refuses for its case: an upstream that ignores case serves it without authentication (set "caseInsensitivePaths": true)`,
      );
    }
  });
  return warnings;
}
