// One ONNX Runtime session load in this fresh process, as a user's program opening the file does: prints
// {coldMs, coldCpuMs, warmMs, runMs} — the first InferenceSession.create (after the library is imported) in wall
// and in CPU time (all threads, user + system: what it costs without other processes competing for the cores),
// a second create of the same file, and one inference on a zero image. Used by onnx.bench.ts.
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';

const [file, ...dims] = process.argv.slice(2);
let t = performance.now();
const cpu = process.cpuUsage();
const first = await ort.InferenceSession.create(file);
const coldMs = performance.now() - t;
const used = process.cpuUsage(cpu);
const coldCpuMs = (used.user + used.system) / 1000;
const input = new ort.Tensor(
  'float32',
  new Float32Array(dims.reduce((a, b) => a * Number(b), 1)),
  dims.map(Number),
);
t = performance.now();
await first.run({ [first.inputNames[0]]: input });
const runMs = performance.now() - t;
await first.release();
t = performance.now();
const second = await ort.InferenceSession.create(file);
const warmMs = performance.now() - t;
await second.release();
console.log(JSON.stringify({ coldMs, coldCpuMs, warmMs, runMs }));
