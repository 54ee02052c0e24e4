// `npm run bench`: runs every test/bench/*.bench.{mjs,ts} in its own Node process (TypeScript through tsx), one
// after another so they do not compete for the cores; each writes bench-results/<name>.json. Benchmarks are not
// part of `npm test`: timings on a shared 2-core machine are for reports, not pass/fail gates in CI. Whether a
// target is met is data in each JSON ("pass"); a benchmark that crashes or misses a target exits non-zero and is
// listed as such in the summary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
mkdirSync(join(root, 'bench-results'), { recursive: true });
const only = process.argv.slice(2);
// Hours-long benchmarks run only when named (`npm run bench -- lecture`).
const LONG = ['lecture.bench.mjs'];
const files = readdirSync(here)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .filter((f) => (only.length === 0 ? !LONG.includes(f) : only.some((o) => f.includes(o))))
  .sort();
const lines = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const args = file.endsWith('.ts') ? ['--import', 'tsx', join(here, file)] : [join(here, file)];
  const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  lines.push(
    `${file}: ${result.status === 0 ? 'ok' : `MISSED A TARGET OR FAILED (exit ${result.status})`} (${seconds} s)`,
  );
}
console.log('\n=== bench summary ===');
for (const line of lines) console.log(`  ${line}`);
process.exit(lines.every((l) => l.includes(': ok')) ? 0 : 1);
