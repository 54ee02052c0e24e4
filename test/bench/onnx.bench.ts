// `npm run bench` → bench-results/onnx.json: the ONNX export of ResNet-50 (102 MB with its weights) — how long
// Stride takes to write it, and how long ONNX Runtime (onnxruntime-node, CPU, default options) takes to load it
// in a fresh process: the target is under 2 s wall time (median of 5 processes). Beside it: the CPU time of that
// load (what it costs when no other process competes for the cores — on a loaded machine the wall time is many
// times that), a second load in the same process, and one inference.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onnxBytes } from '../../shared/codegen/onnx/export';
import { getPreset } from '../../shared/presets';
import { machine, writeResults } from './measure';

const HERE = dirname(fileURLToPath(import.meta.url));
const TARGET_MS = 2000;
const PROCESSES = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round = (x: number) => Math.round(x);

function main(): void {
  const doc = getPreset('resnet50')?.build();
  if (doc === undefined) throw new Error('no resnet50 preset');
  const started = performance.now();
  const encoded = onnxBytes(doc);
  if (!encoded.ok) throw new Error(encoded.error.message);
  const exportMs = performance.now() - started;
  const dir = mkdtempSync(join(tmpdir(), 'stride-onnx-bench-'));
  const file = join(dir, 'resnet50.onnx');
  try {
    writeFileSync(file, encoded.value.concat());
    const loads: { coldMs: number; coldCpuMs: number; warmMs: number; runMs: number }[] = [];
    for (let i = 0; i < PROCESSES; i += 1) {
      const run = spawnSync(process.execPath, [join(HERE, 'onnx-load.mjs'), file, '1', '3', '224', '224'], {
        encoding: 'utf8',
        timeout: 300_000,
      });
      if (run.status !== 0) throw new Error(`onnx-load failed: ${run.stderr}`);
      loads.push(JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as (typeof loads)[number]);
    }
    const cold = median(loads.map((l) => l.coldMs));
    const result = {
      machine: machine(),
      model: 'ResNet-50 (preset resnet50, seeded initial weights)',
      bytes: encoded.value.length,
      exportMs: round(exportMs),
      targetMs: TARGET_MS,
      load: {
        processes: PROCESSES,
        coldMedianMs: round(cold),
        coldMs: loads.map((l) => round(l.coldMs)),
        coldCpuMedianMs: round(median(loads.map((l) => l.coldCpuMs))),
        warmMedianMs: round(median(loads.map((l) => l.warmMs))),
        inferenceMedianMs: round(median(loads.map((l) => l.runMs))),
      },
      pass: cold < TARGET_MS,
    };
    const out = writeResults('onnx', result);
    console.log(
      `ResNet-50 ONNX: ${(result.bytes / 1e6).toFixed(1)} MB, export ${result.exportMs} ms; ONNX Runtime load ` +
        `${result.load.coldMedianMs} ms cold (median of ${PROCESSES}: ${result.load.coldMs.join(', ')}; CPU ` +
        `${result.load.coldCpuMedianMs} ms), ` +
        `${result.load.warmMedianMs} ms warm, one image ${result.load.inferenceMedianMs} ms; target < ${TARGET_MS} ms: ` +
        `${result.pass ? 'met' : 'MISSED'} (load average ${result.machine.loadAverage.join(' ')}) → ${out}`,
    );
    if (!result.pass) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
