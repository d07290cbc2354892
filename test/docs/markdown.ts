// The little of Markdown that the docs' tests read: fenced blocks, headings and their GitHub anchors,
// and relative links.

/** The contents of the fenced blocks whose info string is exactly `info` (e.g. "sh tour"). */
export function fencedBlocks(markdown: string, info: string): string[] {
  const blocks: string[] = [];
  let current: string[] | undefined;
  let fence = "";
  for (const line of markdown.split("\n")) {
    if (current === undefined && fence === "") {
      const open = line.match(/^(`{3,}|~{3,})(.*)$/);
      if (open) {
        fence = open[1]!;
        if (open[2]!.trim() === info) current = [];
      }
    } else if (line.startsWith(fence) && line.slice(fence.length).trim() === "") {
      if (current !== undefined) blocks.push(current.join("\n"));
      current = undefined;
      fence = "";
    } else {
      current?.push(line);
    }
  }
  return blocks;
}

/** The Markdown outside fenced code blocks, line by line (fenced lines are blanked, so numbers hold). */
export function proseLines(markdown: string): string[] {
  let fence = "";
  return markdown.split("\n").map((line) => {
    const marker = line.match(/^\s*(`{3,}|~{3,})/);
    if (fence === "" && marker) {
      fence = marker[1]!;
      return "";
    }
    if (fence !== "") {
      if (line.trim().startsWith(fence) && line.trim().slice(fence.length).trim() === "") fence = "";
      return "";
    }
    return line;
  });
}

/**
 * The anchors GitHub makes for a file's headings: the heading's text (without Markdown) lower-cased,
 * every character that is not a letter, a digit, a space, `-` or `_` dropped, spaces made `-`, and
 * `-1`, `-2`, ... added to repeats.
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = line.match(/^#{1,6}\s+(.*?)\s*#*\s*$/);
    if (!heading) continue;
    const text = heading[1]!
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/<[^>]+>/g, "")
      .replace(/[`*_~]/g, (c) => (c === "_" ? "_" : ""));
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Every link target in the prose (inline links and reference definitions), with its line number. */
export function linkTargets(markdown: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  proseLines(markdown).forEach((line, i) => {
    const prose = line.replace(/`[^`]*`/g, "");
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      out.push({ target: m[1]!, line: i + 1 });
    const ref = prose.match(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+["'(].*)?$/);
    if (ref) out.push({ target: ref[1]!, line: i + 1 });
  });
  return out;
}
