import type { DoctorReport, LibraryFinding, RungReport, TorchReport } from '../../../shared/api/ns/system';

const MARK: Readonly<Record<RungReport['status'], string>> = {
  ready: '✓',
  unavailable: '✗',
  'not-checked': '·',
};

function library(l: LibraryFinding): string {
  const where = l.found ? `${l.path ?? ''} (${l.via ?? '?'})` : 'not found';
  const others =
    l.otherVersions.length > 0
      ? `; present: ${l.otherVersions.map((o) => `${o.name} at ${o.path}`).join(', ')}`
      : '';
  return `      ${l.found ? '✓' : '✗'} ${l.name.padEnd(20)} ${l.purpose.padEnd(44)} ${where}${others}`;
}

function rung(r: RungReport): string[] {
  const lines = [`${MARK[r.status]} ${r.rung.padEnd(15)} ${r.label}`];
  if (r.status === 'ready') {
    const facts = Object.entries(r.details)
      .filter(([k, v]) => v.length > 0 && k !== 'kernels')
      .map(([k, v]) => `${k} ${v}`);
    lines.push(`    device: ${r.device ?? '?'}${facts.length > 0 ? `  (${facts.join(', ')})` : ''}`);
    if ((r.details.kernels ?? '').length > 0) lines.push(`    Stride kernels: ${r.details.kernels}`);
  }
  if (r.status === 'not-checked') lines.push('    not tried (--no-probe)');
  if (r.reason !== null) lines.push(`    ${r.reason}`);
  if (r.fix !== null) lines.push(`    fix: ${r.fix}`);
  const packages = r.packages.map((p) => `${p.name} ${p.version ?? 'not installed'}`).join(', ');
  lines.push(`    packages: ${packages}`);
  if (r.libraries.length > 0) lines.push('    libraries:', ...r.libraries.map(library));
  // Many CUDA libraries share one fix: print each fix once, naming its libraries.
  const byFix = new Map<string, string[]>();
  for (const l of r.libraries) {
    if (l.found || l.fix === null) continue;
    const fix = l.fix.replace(/^found .*? is needed: /, '');
    if (fix !== r.fix) byFix.set(fix, [...(byFix.get(fix) ?? []), l.name]);
  }
  for (const [fix, names] of byFix) lines.push(`    fix for ${names.join(', ')}: ${fix}`);
  for (const note of r.notes) lines.push(`    note: ${note}`);
  return lines;
}

function torchLines(t: TorchReport): string[] {
  const lines = [
    `PyTorch engine: ${t.python === null ? 'no Python found' : `${t.python}${t.pythonVersion === null ? '' : ` (Python ${t.pythonVersion})`} via ${t.via ?? '?'}`}`,
  ];
  if (t.torch !== null) {
    const build = t.rocm !== null ? `ROCm ${t.rocm}` : t.cuda !== null ? `CUDA ${t.cuda}` : 'CPU-only build';
    lines.push(
      `    torch ${t.torch} (${build}${t.cudnn === null ? '' : `, cuDNN ${t.cudnn}`}); distributed: ${t.distributed ?? 'not available'}`,
    );
    lines.push(`    devices: ${t.devices.join('; ') || 'none'}`);
  }
  if (t.error !== null) lines.push(`    ${t.error}`);
  return lines;
}

/** The human form of `stride doctor`: one block per rung, best first, then where libraries were looked for. */
export function formatDoctorReport(report: DoctorReport): string {
  const selected = report.rungs.find((r) => r.rung === report.selected);
  const lines = [
    `Stride doctor · ${report.platform} ${report.arch} · Node ${report.node} · tfjs ${report.tfjs} · ${report.cpu}`,
    selected === undefined
      ? 'Training backend: not determined (probing was off or nothing could start)'
      : `Training runs on: ${selected.rung} — ${selected.device ?? ''} (the first ✓ below; force another with --backend)`,
    '',
  ];
  if (report.torch !== null) lines.push(...torchLines(report.torch), '');
  for (const r of report.rungs) lines.push(...rung(r), '');
  if (report.probeFailure !== null)
    lines.push(`Probing crashed the worker; this report only looked for files:`, report.probeFailure, '');
  const searched = report.searched.map((s) => `${s.dir}${s.exists ? '' : ' (missing)'} [${s.via}]`);
  lines.push(`Looked for libraries in: ldconfig -p; ${searched.join('; ')}`);
  return `${lines.join('\n')}\n`;
}
