// One build for everything: `node build.config.mjs node` bundles the Node-side programs with esbuild
// (fast: it runs on `npm ci` through `prepare`, and before tests); `all` adds the renderer (vite).
// Outputs go to app/dist/{main,preload,worker,cli,renderer}, electron-builder's application directory.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'app', 'dist');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

// Loaded at run time from node_modules (native addons, wasm files, Dawn), never bundled. All of tfjs stays
// external: tfjs-node(-gpu) registers its backend in the @tensorflow/tfjs-core it requires from node_modules,
// so a copy bundled into the worker would be a second tfjs-core that never sees that backend.
const runtimeExternals = ['electron', '@tensorflow/*', 'webgpu'];

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: runtimeExternals,
  define: { __STRIDE_VERSION__: JSON.stringify(version) },
};

const nodeEntries = [
  { in: 'main/electron/main.ts', out: 'main/index.cjs' },
  { in: 'main/electron/preload.ts', out: 'preload/index.cjs', sandboxed: true },
  { in: 'main/training/worker.ts', out: 'worker/index.cjs' },
  { in: 'main/cli/index.ts', out: 'cli/index.cjs' },
];

// The torch rung's engine is a Python file the worker hands to the user's python3: it ships beside the worker.
function copyEngine() {
  const from = join(root, 'main', 'training', 'torch', 'engine', 'stride_torch_engine.py');
  const dir = join(dist, 'worker', 'torch');
  mkdirSync(dir, { recursive: true });
  copyFileSync(from, join(dir, 'stride_torch_engine.py'));
}

async function buildNode() {
  copyEngine();
  await Promise.all(
    nodeEntries
      .filter((entry) => existsSync(join(root, entry.in)))
      .map((entry) =>
        build({
          ...common,
          // A sandboxed preload can require only 'electron': everything else is inlined.
          ...(entry.sandboxed ? { external: ['electron'], platform: 'browser', format: 'cjs' } : {}),
          entryPoints: [join(root, entry.in)],
          outfile: join(dist, entry.out),
        }),
      ),
  );
}

function buildRenderer() {
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('renderer build failed');
}

const target = process.argv[2] ?? 'all';
mkdirSync(dist, { recursive: true });
try {
  if (target === 'node' || target === 'all') await buildNode();
  if (target === 'renderer' || target === 'all') buildRenderer();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
