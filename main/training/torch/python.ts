import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { PythonFound, TorchProbe } from './facts';
import { TorchEngine, type EngineMessageOf } from './engine';

/**
 * Finding the user's Python with PyTorch: `STRIDE_PYTHON` when set, else `python3` on PATH (`python` too on
 * Windows); and the engine script, which ships beside the worker bundle (app/dist/worker/torch/) and lives in
 * main/training/torch/engine/ in the sources.
 */
export const ENGINE_FILE = 'stride_torch_engine.py';

export function findPython(
  env: Readonly<Record<string, string | undefined>>,
  exists: (path: string) => boolean = existsSync,
  platform: string = process.platform,
): PythonFound | { readonly looked: string } {
  const forced = env.STRIDE_PYTHON;
  if (forced !== undefined && forced.length > 0) {
    if (exists(forced)) return { path: forced, via: 'STRIDE_PYTHON' };
    return { looked: `STRIDE_PYTHON=${forced} does not exist` };
  }
  const names = platform === 'win32' ? ['python3.exe', 'python.exe'] : ['python3'];
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter((d) => d);
  for (const dir of dirs)
    for (const name of names) {
      const path = join(dir, name);
      if (exists(path)) return { path, via: 'PATH' };
    }
  return { looked: `STRIDE_PYTHON is not set and no ${names.join(' or ')} is on PATH` };
}

/** The engine script: STRIDE_TORCH_ENGINE, beside the bundle, or in the sources. */
export function locateEngine(
  env: Readonly<Record<string, string | undefined>>,
  bundleDirs: readonly string[],
  exists: (path: string) => boolean = existsSync,
): string | null {
  // In the packaged app the bundle lies in app.asar, the engine in app.asar.unpacked (python cannot read asar).
  const unpacked = bundleDirs.map((d) => d.replace(/app\.asar(?=[\\/]|$)/, 'app.asar.unpacked'));
  const candidates = [
    env.STRIDE_TORCH_ENGINE,
    ...unpacked.map((d) => join(d, 'torch', ENGINE_FILE)),
    ...bundleDirs.map((d) => join(d, 'torch', ENGINE_FILE)),
    ...bundleDirs.map((d) => join(d, 'engine', ENGINE_FILE)),
    join(process.cwd(), 'main', 'training', 'torch', 'engine', ENGINE_FILE),
  ];
  return candidates.find((c): c is string => c !== undefined && c.length > 0 && exists(c)) ?? null;
}

const PROBE_TIMEOUT_MS = 120_000;
/** How long the probe's engine waits to be given a run before it is told to quit. */
const SPARE_MS = 120_000;

interface Spare {
  readonly engine: TorchEngine;
  readonly hello: EngineMessageOf<'hello'>;
  readonly python: string;
  readonly timer: NodeJS.Timeout;
}

let spare: Spare | null = null;

/**
 * The engine process the probe started, for the run that follows (importing torch takes seconds: a run that
 * takes it imports torch once, not twice). Null when there is none for this Python, or it was used or ended.
 */
export function takeSpareEngine(
  python: string,
): { engine: TorchEngine; hello: EngineMessageOf<'hello'> } | null {
  const found = spare;
  if (found === null || found.python !== python) return null;
  spare = null;
  clearTimeout(found.timer);
  return found.engine.fresh ? { engine: found.engine, hello: found.hello } : null;
}

/** Ends the spare engine (the doctor probes without training). */
export function releaseSpareEngine(): void {
  const found = spare;
  spare = null;
  if (found === null) return;
  clearTimeout(found.timer);
  void found.engine.quit(2000);
}

/**
 * Starts the engine and reads its hello: Python and torch versions, devices, a smoke test per kind of device.
 * The process stays up as the spare engine for the next run.
 */
export async function runProbe(python: PythonFound, engine: string): Promise<TorchProbe> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<TorchProbe>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          kind: 'failed',
          python,
          error: `the probe did not answer within ${PROBE_TIMEOUT_MS / 1000} s`,
        }),
      PROBE_TIMEOUT_MS,
    );
  });
  const probe = TorchEngine.hello({ spec: { python: python.path, script: engine }, processes: 1 }).then(
    ({ engine: started, hello }): TorchProbe => {
      if (hello.torch === null) void started.quit(2000);
      else {
        releaseSpareEngine();
        const timer = setTimeout(releaseSpareEngine, SPARE_MS);
        timer.unref();
        spare = { engine: started, hello, python: python.path, timer };
      }
      return { kind: 'facts', python, facts: hello, engine };
    },
    (error: unknown): TorchProbe => ({
      kind: 'failed',
      python,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const cache = new Map<string, Promise<TorchProbe>>();

/**
 * The probe of the Python that `env` points at, once per worker process (importing torch takes seconds).
 * `fresh` asks again (the doctor's "Check again").
 */
export function probeTorch(
  env: Readonly<Record<string, string | undefined>>,
  bundleDirs: readonly string[],
  fresh = false,
): Promise<TorchProbe> {
  const python = findPython(env);
  if (!('path' in python)) return Promise.resolve({ kind: 'no-python', looked: python.looked });
  const engine = locateEngine(env, bundleDirs);
  if (engine === null)
    return Promise.resolve({
      kind: 'failed',
      python,
      error: `Stride's engine script ${ENGINE_FILE} is missing from this installation`,
    });
  const key = `${python.path}\n${engine}`;
  const known = cache.get(key);
  if (known !== undefined && !fresh) return known;
  const probe = runProbe(python, engine);
  cache.set(key, probe);
  return probe;
}
