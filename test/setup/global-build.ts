import { execFileSync } from 'node:child_process';

// Tests that spawn the CLI or fork the training worker run the real bundles; build them once (esbuild, ~1 s).
export default function setup(): void {
  if (process.env.STRIDE_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, ['build.config.mjs', 'node'], { stdio: 'inherit' });
}
