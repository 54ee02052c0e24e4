// `npm run bench`: runs every test/bench/*.bench.{mjs,ts} in its own Node process (TypeScript through tsx),
// one after another so they do not compete for the cores; each writes bench-results/<name>.json.
// Exit code 1 only when a benchmark crashes; whether targets are met is data in its JSON ("pass").
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const args = file.endsWith('.ts') ? ['--import', 'tsx', join(here, file)] : [join(here, file)];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: join(here, '..', '..') });
  if (result.status !== 0) {
    failed += 1;
    console.error(`bench ${file} failed (exit ${result.status})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
