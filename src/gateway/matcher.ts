import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import { canonicalPath, foldCase } from "../util/path.js";

/**
 * Which routes of a table a request path matches, with Hono's own router (the one `new Hono()`
 * uses, so patterns mean what they mean on `app.all`), on the path authorization decides on.
 * Case-insensitive, the lower-cased path is matched against lower-cased patterns.
 *
 * @example
 * ```ts
 * const table = new RouteMatcher(["/orders/*", "/*"], { caseInsensitive: true });
 * table.match("https://gw.example/ORDERS/7"); // [0, 1]
 * table.match("https://gw.example/a%00");     // undefined: refused
 * ```
 */
export class RouteMatcher {
  readonly #router = new SmartRouter<number>({ routers: [new RegExpRouter(), new TrieRouter()] });
  readonly #caseInsensitive: boolean;

  constructor(patterns: readonly string[], options: { caseInsensitive?: boolean } = {}) {
    this.#caseInsensitive = options.caseInsensitive ?? false;
    for (const [i, pattern] of patterns.entries()) {
      this.#router.add("ALL", this.#caseInsensitive ? pattern.toLowerCase() : pattern, i);
    }
  }

  /**
   * The path routes and policies decide on (see `canonicalPath`; lower-cased when
   * case-insensitive), or `undefined` when the request must be refused as ambiguous.
   */
  pathOf(url: string): string | undefined {
    const path = canonicalPath(url);
    return path === undefined || !this.#caseInsensitive ? path : foldCase(path);
  }

  /** The indexes of the routes `url`'s path matches, in table order; `undefined` when it is ambiguous. */
  match(url: string): number[] | undefined {
    const path = this.pathOf(url);
    return path === undefined ? undefined : this.matchPath(path);
  }

  /** The indexes of the routes a path (already canonical, and folded when case-insensitive) matches. */
  matchPath(path: string): number[] {
    const [handlers] = this.#router.match("GET", path);
    return handlers.map(([index]) => index);
  }
}
