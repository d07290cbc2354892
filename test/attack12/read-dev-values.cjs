// attack12 reproduction (informational, development only): what a copy of a `wrangler dev` D1
// file gives away. Run `npm run dev:worker -- --port 8787 --persist-to /tmp/cognate-dev`, send any
// request, then `node test/attack12/read-dev-values.cjs /tmp/cognate-dev`: it prints the mode of
// the D1 file (0644 under the usual umask, where Node's .cognate/ files are 0600) and reads the
// generated admin secret and master key from the table cognate_development, in clear beside the
// pools' sealed signing keys, TOTP secrets and device verifiers that the master key opens.
const { readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");
const Database = require("better-sqlite3");

const dir = join(process.argv[2] ?? ".wrangler/state", "v3", "d1", "miniflare-D1DatabaseObject");
for (const name of readdirSync(dir).filter((f) => /^[0-9a-f]{64}\.sqlite$/.test(f))) {
  const file = join(dir, name);
  const db = new Database(file, { readonly: true });
  const known = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'cognate_development'").get();
  const row = known && db.prepare("SELECT value FROM cognate_development WHERE name = 'values'").get();
  if (row === undefined) continue;
  const values = JSON.parse(row.value);
  console.log(`${file} mode ${(statSync(file).mode & 0o777).toString(8)}`);
  console.log(
    `  admin ${values.accessKeyId} secret ${values.secretAccessKey.length} chars, master key ${values.masterKey.length} chars`,
  );
}
