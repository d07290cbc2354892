#!/usr/bin/env node
// Regenerates src/user-pool/breached/filter-data.ts from the pinned devDependency that carries
// the published password list. Uses the compiled builder, so run `npm run build` first.
//
//   node scripts/build-breached-filter.mjs            # rewrite the committed module
//   node scripts/build-breached-filter.mjs OUT_FILE   # write elsewhere (the tests compare)
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const builder = join(root, "dist/user-pool/breached/build.js");
const { FILTER_SOURCE, renderFilterModule } = await import(builder).catch((cause) => {
  throw new Error(`cannot load ${builder}: run \`npm run build\` first`, { cause });
});

const require = createRequire(import.meta.url);
const manifest = require(`${FILTER_SOURCE.packageName}/package.json`);
if (manifest.version !== FILTER_SOURCE.packageVersion) {
  throw new Error(
    `${FILTER_SOURCE.packageName} is ${manifest.version}, the builder expects ${FILTER_SOURCE.packageVersion}`,
  );
}
const listPath = join(
  dirname(require.resolve(`${FILTER_SOURCE.packageName}/package.json`)),
  FILTER_SOURCE.path,
);
const out = process.argv[2] ?? join(root, "src/user-pool/breached/filter-data.ts");
writeFileSync(out, renderFilterModule(readFileSync(listPath, "utf8")));
console.log(`wrote ${out}`);
