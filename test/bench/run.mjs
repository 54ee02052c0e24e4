// `npm run bench`: runs every test/bench/*.bench.mjs in turn (each writes bench-results/<name>.json and exits
// non-zero when it misses a target), then prints one line per benchmark. Benchmarks are not part of `npm test`:
// timings on a shared 2-core machine are for reports, not for pass/fail gates in CI.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const dir = join(root, 'test', 'bench');
mkdirSync(join(root, 'bench-results'), { recursive: true });
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const lines = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(dir, file)], { stdio: 'inherit', cwd: root });
  lines.push(
    `${file}: ${result.status === 0 ? 'ok' : 'MISSED A TARGET OR FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
console.log('\n=== bench summary ===');
for (const line of lines) console.log(`  ${line}`);
process.exit(lines.every((l) => l.includes(': ok')) ? 0 : 1);
