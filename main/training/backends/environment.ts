import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import type { TorchProbe } from '../torch/facts';
import { probeTorch } from '../torch/python';

/**
 * Everything the ladder needs from the machine, behind one interface so tests can stage a machine that has
 * (or lacks) any package, library or device.
 */
export interface LadderEnvironment {
  /** The package's folder and version, or null when it is not installed. */
  resolvePackage(name: string, from?: string): { dir: string; version: string } | null;
  /** Loads a module for its side effects and exports (`import()`), so load errors surface as throws. */
  load(specifier: string): Promise<unknown>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Folders that may hold a bundled copy of the wasm binaries (the bundle's own folder first). */
  readonly bundleDirs: readonly string[];
  fileExists(path: string): boolean;
  cpuModel(): string;
  /** GPUs from `nvidia-smi`, empty when it is missing or fails. */
  nvidiaGpus(): { name: string; memoryMiB: number | null }[];
  /** Physical memory of the machine. */
  totalMemoryBytes(): number;
  /**
   * The user's Python asked about torch (main/training/torch/python.ts: STRIDE_PYTHON or python3 on PATH,
   * the engine's --probe), once per process unless `fresh`.
   */
  torchProbe(fresh?: boolean): Promise<TorchProbe>;
  /** The highest CUDA version the NVIDIA driver supports (nvidia-smi's header), or null. */
  nvidiaDriverCuda(): string | null;
}

function requireFrom(dir: string): NodeJS.Require {
  return createRequire(join(dir, 'noop.js'));
}

/** Where this code runs from: the bundle folder (app/dist/worker) or the source folder under vitest/tsx. */
function hereDir(): string {
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}

export function resolvePackageFrom(name: string, from: string): { dir: string; version: string } | null {
  try {
    const manifest = requireFrom(from).resolve(`${name}/package.json`);
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    return {
      dir: dirname(manifest),
      version: typeof parsed.version === 'string' ? parsed.version : 'unknown',
    };
  } catch {
    return null;
  }
}

export function nodeLadderEnvironment(): LadderEnvironment {
  const here = hereDir();
  return {
    resolvePackage: (name, from) =>
      resolvePackageFrom(name, from ?? here) ?? resolvePackageFrom(name, process.cwd()),
    load: (specifier) => import(/* @vite-ignore */ specifier) as Promise<unknown>,
    env: process.env,
    bundleDirs: [here],
    fileExists: existsSync,
    cpuModel: () => {
      const list = cpus();
      const model = list[0]?.model.trim() ?? 'unknown CPU';
      return `${model} (${list.length} ${list.length === 1 ? 'core' : 'cores'})`;
    },
    nvidiaGpus: () => {
      try {
        const out = execFileSync(
          'nvidia-smi',
          ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits'],
          {
            encoding: 'utf8',
            timeout: 5000,
            stdio: ['ignore', 'pipe', 'ignore'],
          },
        );
        return out
          .split('\n')
          .map((l) => l.split(',').map((c) => c.trim()))
          .filter(([name]) => (name ?? '').length > 0)
          .map(([name = '', mib = '']) => ({
            name,
            memoryMiB: Number.isFinite(Number.parseFloat(mib)) ? Number.parseFloat(mib) : null,
          }));
      } catch {
        return [];
      }
    },
    totalMemoryBytes: () => totalmem(),
    torchProbe: (fresh) => probeTorch(process.env, [here], fresh),
    nvidiaDriverCuda: () => {
      try {
        const out = execFileSync('nvidia-smi', [], {
          encoding: 'utf8',
          timeout: 5000,
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        return /CUDA Version:\s*([\d.]+)/.exec(out)?.[1] ?? null;
      } catch {
        return null;
      }
    },
  };
}
