#!/usr/bin/env node
/**
 * The dependency check (`npm run deps`, run by `.ci/run`): reads the import graph of `src/` and
 * checks it against the rules of `dependency-rules.json`:
 *
 * - `cycles`: no circle of imports, of any length (type-only imports count: they are arrows too);
 * - `layers`: no arrow from a lower layer to a higher one;
 * - `isolated`: under each listed folder, no file of one unit (a sub-folder, or a loose file)
 *   imports a file of another unit (the operation folders never import each other); the
 *   folder's own `index.ts`, its front door (a dispatch table), may import them all;
 * - `nodeOnly`: Node-only modules (`node:*`, Node's built-ins, listed packages) only where the
 *   rule allows them (the entry points and `*.node.ts` adapters);
 * - `packages`: each entry's packages (a name, or a name's sub-paths) only where it allows them
 *   (the SAML libraries, which need Workers' `nodejs_compat`, in the SAML modules).
 *
 * The graph comes from the import and export-from statements, read with a regular expression:
 * enough for this code base (statements at the start of a line; TSDoc examples start with `*`).
 * Relative specifiers map `.js` to `.ts`; `#name` specifiers resolve through package.json's
 * "imports", to every file a condition can choose.
 *
 * Exit status 1 and one line per violation when a rule is broken.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const STATIC =
  /^[ \t]*(?:import|export)(?:[ \t]+type)?[ \t]*(?:[\w$*]+(?:[ \t]+as[ \t]+[\w$]+)?[ \t]*,?[ \t]*)?(?:\{[^}]*\})?[ \t\n]*from[ \t]*["']([^"']+)["']/gm;
const BARE = /^[ \t]*import[ \t]*["']([^"']+)["']/gm;
const DYNAMIC = /^(?![ \t]*(?:\*|\/\/)).*?\bimport\([ \t]*["']([^"']+)["'][ \t]*\)/gm;

/** The module specifiers a TypeScript source imports or re-exports, in order of appearance. */
export function importsOf(text) {
  const found = [];
  for (const pattern of [STATIC, BARE, DYNAMIC]) {
    for (const match of text.matchAll(pattern)) found.push({ at: match.index, specifier: match[1] });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.specifier);
}

/** A glob (`*` within one path segment, `**` across segments) as an anchored regular expression. */
export function globRegExp(glob) {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      const slash = glob[i + 2] === "/";
      source += slash ? "(?:.*/)?" : ".*";
      i += slash ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else source += c.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

const matchesAny = (globs, path) => globs.some((g) => globRegExp(g).test(path));

const NODE_BUILTINS = new Set(builtinModules);

/** Whether `specifier` names a Node-only module: `node:*`, a built-in, or one of `packages`. */
export function isNodeOnly(specifier, packages = []) {
  if (specifier.startsWith("node:")) return true;
  const name = packageName(specifier);
  return NODE_BUILTINS.has(name) || packages.includes(name);
}

/**
 * The import graph: for each file (a path relative to the source root, `/`-separated), the files
 * it imports and the external specifiers it names. `aliases` maps a `#name` to root-relative files.
 */
export function importGraph(sources, aliases = {}) {
  const graph = new Map();
  const names = new Set([...sources].map(([file]) => file));
  for (const [file, text] of sources) {
    const internal = new Set();
    const external = [];
    for (const specifier of importsOf(text)) {
      if (specifier.startsWith(".")) {
        const target = posix.normalize(posix.join(posix.dirname(file), specifier));
        const ts = target.replace(/\.js$/, ".ts");
        // A `.js` specifier names a `.ts` file, or a `.tsx` one (the hosted UI's pages).
        internal.add(!names.has(ts) && names.has(`${ts}x`) ? `${ts}x` : ts);
      } else if (specifier in aliases) {
        for (const target of aliases[specifier]) internal.add(target);
      } else external.push(specifier);
    }
    graph.set(file, { imports: [...internal], external });
  }
  return graph;
}

/**
 * The circles of `graph`: each strongly connected component of two or more files (or a
 * self-import), as `{ path, files }`: one shortest path around it, and all its files.
 */
export function cycles(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const edges = (file) => (graph.get(file)?.imports ?? []).filter((f) => graph.has(f));
  // Tarjan's algorithm, iterative so that a long chain cannot overflow the call stack.
  for (const start of [...graph.keys()].sort()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [file, i] = frame;
      const out = edges(file);
      if (i < out.length) {
        frame[1]++;
        const to = out[i];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push([to, 0]);
        } else if (onStack.has(to)) low.set(file, Math.min(low.get(file), index.get(to)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(file)));
      }
      if (low.get(file) !== index.get(file)) continue;
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || edges(file).includes(file)) {
        found.push({ path: circleIn(component, edges), files: component.sort() });
      }
    }
  }
  return found.sort((a, b) => a.files[0].localeCompare(b.files[0]));
}

/** One shortest path around a strongly connected component, from its first file back to it. */
function circleIn(component, edges) {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const file = queue[head];
    for (const to of edges(file)) {
      if (to === start) {
        const path = [file];
        for (let at = previous.get(file); at !== null; at = previous.get(at)) path.unshift(at);
        return [...path, start];
      }
      if (members.has(to) && !previous.has(to)) {
        previous.set(to, file);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** The layer index of `file` (its position in `layers`, bottom first), or -1 when no layer names it. */
export function layerOf(layers, file) {
  return layers.findIndex((layer) => matchesAny(layer.paths, file));
}

/** The unit of `file` under `folder`: its first path segment there (a sub-folder or a loose file), or null outside. */
function unitUnder(folder, file) {
  const prefix = `${folder.replace(/\/$/, "")}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length).split("/")[0] : null;
}

/**
 * Every violation of `rules` in `graph`, as `{ rule, from, to, message }`, sorted. `to` is a file,
 * a specifier, or (for a circle) the path around it.
 */
export function violations(graph, rules) {
  const found = [];
  const files = [...graph.keys()].sort();
  if (rules.cycles !== false) {
    for (const { path, files: members } of cycles(graph)) {
      const message = `import circle of ${members.length} files: ${members.join(", ")}`;
      found.push({ rule: "cycles", from: path[0], to: path.join(" -> "), message });
    }
  }
  const layers = rules.layers ?? [];
  for (const from of files) {
    const { imports, external } = graph.get(from);
    const fromLayer = layerOf(layers, from);
    for (const to of imports) {
      const toLayer = layerOf(layers, to);
      if (fromLayer >= 0 && toLayer > fromLayer) {
        found.push({
          rule: "layers",
          from,
          to,
          message: `${layers[fromLayer].name} imports ${layers[toLayer].name}, a higher layer`,
        });
      }
      for (const folder of rules.isolated ?? []) {
        const [a, b] = [unitUnder(folder, from), unitUnder(folder, to)];
        if (a !== null && b !== null && a !== b && a !== "index.ts") {
          found.push({ rule: "isolated", from, to, message: `${folder}: ${a} imports ${b}` });
        }
      }
    }
    const nodeOnly = rules.nodeOnly;
    if (nodeOnly && !matchesAny(nodeOnly.allowedIn, from)) {
      for (const specifier of external) {
        if (isNodeOnly(specifier, nodeOnly.packages)) {
          found.push({
            rule: "nodeOnly",
            from,
            to: specifier,
            message: "Node-only module outside Node files",
          });
        }
      }
    }
    for (const rule of rules.packages ?? []) {
      if (matchesAny(rule.allowedIn, from)) continue;
      for (const specifier of external) {
        if (rule.packages.includes(packageName(specifier))) {
          found.push({
            rule: "packages",
            from,
            to: specifier,
            message: `${rule.name} outside ${rule.allowedIn.join(", ")}`,
          });
        }
      }
    }
  }
  return found;
}

/** The package a bare specifier names: `@scope/name` or `name`, without a sub-path. */
export function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

function sourceFiles(root, exclude) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(?:ts|tsx|mts|js|mjs)$/.test(name) && !/\.d\.ts$/.test(name)) {
        const file = relative(root, path).split("\\").join("/");
        if (!matchesAny(exclude, file)) files.push(file);
      }
    }
  };
  walk(root);
  return files;
}

/** `#name` → root-relative files, from package.json "imports": every file under `root` a condition names. */
function aliasesOf(packageJson, base, root) {
  const aliases = {};
  const targets = (value) =>
    typeof value === "string" ? [value] : Object.values(value ?? {}).flatMap((v) => targets(v));
  for (const [name, value] of Object.entries(packageJson.imports ?? {})) {
    aliases[name] = [
      ...new Set(
        targets(value)
          .map((target) => relative(root, resolve(base, target)).split("\\").join("/"))
          .filter((file) => !file.startsWith("..")),
      ),
    ];
  }
  return aliases;
}

/** The files of the tree at `base` and every violation of its rule file. */
export function treeViolations(base, ruleFile = "dependency-rules.json") {
  const rules = JSON.parse(readFileSync(join(base, ruleFile), "utf8"));
  const root = join(base, rules.root ?? "src");
  const packageJson = JSON.parse(readFileSync(join(base, "package.json"), "utf8"));
  const files = sourceFiles(root, rules.exclude ?? []);
  const graph = importGraph(
    files.map((file) => [file, readFileSync(join(root, file), "utf8")]),
    aliasesOf(packageJson, base, root),
  );
  return { files, found: violations(graph, rules) };
}

/** Checks the tree at `base` against its rule file; prints the violations; returns their count. */
export function checkTree(base, ruleFile = "dependency-rules.json", log = console.log) {
  const { files, found } = treeViolations(base, ruleFile);
  const counts = new Map();
  for (const v of found) {
    log(
      v.rule === "cycles"
        ? `cycles: ${v.to} (${v.message})`
        : `${v.rule}: ${v.from} -> ${v.to} (${v.message})`,
    );
    counts.set(v.rule, (counts.get(v.rule) ?? 0) + 1);
  }
  const summary = [...counts].map(([rule, n]) => `${n} ${rule}`).join(", ");
  log(`${files.length} files checked against ${ruleFile}: ${found.length === 0 ? "no violations" : summary}`);
  return found.length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const base = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  process.exitCode = checkTree(base, process.argv[2]) > 0 ? 1 : 0;
}
