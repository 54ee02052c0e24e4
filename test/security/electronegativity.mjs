// Security scan in `npm test`: @doyensec/electronegativity over the Electron and renderer sources.
// Fails on any HIGH (or CRITICAL) finding, and on any MEDIUM whose check id has no line in docs/security.md
// (every accepted MEDIUM must say why). LOW and INFORMATIONAL findings are printed only.
// Electronegativity always exits 0, so the verdict comes from its CSV report (-o).
// Its AvailableSecurityFixesGlobalCheck is skipped: it downloads Electron's release list from GitHub, which
// this project's machines cannot reach; Electron upgrades are tracked through package.json instead. Its other
// network use (translations) is answered offline by test/security/offline.cjs.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  cpSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const SCANNED = ['main', 'renderer'];
const FAILING = new Set(['CRITICAL', 'HIGH']);

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field.trim());
      if (row.some((cell) => cell !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field.trim());
  if (row.some((cell) => cell !== '')) rows.push(row);
  return rows;
}

function scan() {
  const stage = mkdtempSync(join(tmpdir(), 'stride-electronegativity-'));
  const source = join(stage, 'src');
  mkdirSync(source);
  for (const dir of SCANNED) {
    try {
      symlinkSync(join(root, dir), join(source, dir), 'dir');
    } catch {
      cpSync(join(root, dir), join(source, dir), { recursive: true });
    }
  }
  const report = join(stage, 'report.csv');
  const electronVersion = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies
    .electron;
  const cli = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  const offline = join(root, 'test', 'security', 'offline.cjs');
  const args = [
    '--require',
    offline,
    cli,
    '-i',
    source,
    '-o',
    report,
    '-r',
    '-v',
    'false',
    '-e',
    electronVersion,
  ];
  args.push('-x', 'AvailableSecurityFixesGlobalCheck');
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 120_000 });
  if (!existsSync(report)) {
    rmSync(stage, { recursive: true, force: true });
    throw new Error(`electronegativity wrote no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  const [header, ...rows] = parseCsv(readFileSync(report, 'utf8'));
  rmSync(stage, { recursive: true, force: true });
  const column = (name) => header.findIndex((cell) => cell.trim() === name);
  const at = { issue: column('issue'), severity: column('severity'), confidence: column('confidence') };
  at.file = column('filename');
  at.location = column('location');
  at.description = column('description');
  return rows.map((row) => ({
    issue: row[at.issue],
    severity: row[at.severity].toUpperCase(),
    confidence: row[at.confidence],
    file: row[at.file],
    location: row[at.location],
    description: row[at.description],
  }));
}

function main() {
  const started = Date.now();
  const findings = scan();
  const docs = existsSync(join(root, 'docs', 'security.md'))
    ? readFileSync(join(root, 'docs', 'security.md'), 'utf8')
    : '';
  const failures = [];
  for (const finding of findings) {
    const where = `${finding.file}:${finding.location}`;
    const line = `${finding.severity.padEnd(13)} ${finding.issue} (${finding.confidence}) ${where} — ${finding.description}`;
    if (FAILING.has(finding.severity)) failures.push(`${line}`);
    else if (finding.severity === 'MEDIUM' && !docs.includes(finding.issue))
      failures.push(`${line}\n    (MEDIUM without a reason in docs/security.md)`);
    console.log(line);
  }
  const counts = {};
  for (const finding of findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(
    join(root, 'test-results', 'electronegativity.json'),
    `${JSON.stringify({ counts, findings }, null, 2)}\n`,
  );
  const summary =
    Object.entries(counts)
      .map(([severity, n]) => `${n} ${severity}`)
      .join(', ') || 'no findings';
  console.log(
    `electronegativity: ${summary} in ${((Date.now() - started) / 1000).toFixed(1)} s (${SCANNED.join(', ')})`,
  );
  if (failures.length > 0) {
    console.error(`electronegativity: ${failures.length} finding(s) fail the build:\n${failures.join('\n')}`);
    process.exit(1);
  }
}

main();
