/**
 * SVG assets: refused when they hold anything active. AWS keeps an allowlist of elements and
 * attributes [doc]; cognate refuses what could run or reach out (scripts, foreign HTML, event
 * handlers, script URLs, entity tricks that could spell them) and serves the rest as an image
 * under `default-src 'none'`, where an SVG can neither run script nor load anything.
 */

const ACTIVE: readonly [RegExp, string][] = [
  [/<\s*([\w-]+:)?script\b/i, "script"],
  [/<\s*([\w-]+:)?foreignObject\b/i, "foreignObject"],
  [/<\s*([\w-]+:)?(iframe|embed|object|handler|listener)\b/i, "embedded content"],
  [/[\s"'/]on[a-z]+\s*=/i, "event handler attributes"],
  [/(java|vb)script\s*:/i, "script URLs"],
  [/&#|&[a-z][\w.-]*;/i, "character or entity references"],
  [/<!ENTITY|<!DOCTYPE[^>]*\[/i, "entity declarations"],
  [/<\?xml-stylesheet/i, "stylesheet instructions"],
];

/**
 * What makes an SVG unacceptable, or `null` when it has none of it.
 *
 * @example
 * ```ts
 * svgProblem(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`); // "script"
 * ```
 */
export function svgProblem(svg: string): string | null {
  for (const [pattern, what] of ACTIVE) if (pattern.test(svg)) return what;
  return null;
}
