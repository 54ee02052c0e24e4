import { join } from 'node:path';
import type { LibraryFinding } from '../../../shared/api/ns/system';
import type { ProbeEnvironment } from './probe-environment';

/** A shared library one rung needs, by the exact soname its loader asks for. */
export interface LibrarySpec {
  readonly name: string;
  readonly purpose: string;
  readonly fix: string;
}

export interface SearchLocation {
  readonly dir: string;
  readonly via: string;
  readonly exists: boolean;
}

const MULTIARCH: Readonly<Record<string, string>> = { x64: 'x86_64', arm64: 'aarch64' };

/**
 * Where the dynamic loader (and CUDA installers) put libraries, in the order they are searched:
 * LD_LIBRARY_PATH, CUDA_PATH / CUDA_HOME, every /usr/local/cuda* install, the system folders, then extra
 * package folders (tfjs-node's own deps/lib holds libtensorflow).
 */
export function searchLocations(
  probe: ProbeEnvironment,
  packageDirs: readonly string[] = [],
): SearchLocation[] {
  const triple = `${MULTIARCH[probe.arch] ?? probe.arch}-linux`;
  const out: { dir: string; via: string }[] = [];
  for (const dir of (probe.env.LD_LIBRARY_PATH ?? '').split(':'))
    if (dir.length > 0) out.push({ dir, via: 'LD_LIBRARY_PATH' });
  for (const name of ['CUDA_PATH', 'CUDA_HOME'] as const) {
    const root = probe.env[name];
    if (root !== undefined && root.length > 0)
      out.push({ dir: join(root, 'lib64'), via: name }, { dir: join(root, 'lib'), via: name });
  }
  const cudas = (probe.listDir('/usr/local') ?? []).filter((n) => /^cuda(-[\d.]+)?$/.test(n)).sort();
  for (const c of cudas)
    out.push(
      { dir: join('/usr/local', c, 'lib64'), via: '/usr/local/cuda*' },
      { dir: join('/usr/local', c, 'targets', triple, 'lib'), via: '/usr/local/cuda*' },
    );
  for (const dir of [
    `/usr/lib/${triple}-gnu`,
    `/lib/${triple}-gnu`,
    '/usr/lib64',
    '/usr/lib',
    '/usr/local/nvidia/lib64',
  ])
    out.push({ dir, via: 'system' });
  for (const dir of packageDirs) out.push({ dir, via: 'package' });
  const seen = new Set<string>();
  return out
    .filter((l) => !seen.has(l.dir) && seen.add(l.dir))
    .map((l) => ({ ...l, exists: probe.listDir(l.dir) !== null }));
}

/** `ldconfig -p` lines look like "\tlibcudart.so.11.0 (libc6,x86-64) => /usr/local/cuda/lib64/libcudart.so.11.0". */
export function parseLdconfig(output: string): Map<string, string[]> {
  const cache = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const m = /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)/.exec(line);
    if (m === null) continue;
    const [, name = '', , path = ''] = m;
    cache.set(name, [...(cache.get(name) ?? []), path]);
  }
  return cache;
}

/** "libcudart.so.11.0" → "libcudart.so": other files with the same stem are other versions of it. */
const stemOf = (soname: string): string => soname.replace(/\.so(\..*)?$/, '.so');

export function findLibrary(
  spec: LibrarySpec,
  probe: ProbeEnvironment,
  locations: readonly SearchLocation[],
  ldcache: ReadonlyMap<string, readonly string[]>,
): LibraryFinding {
  const stem = stemOf(spec.name);
  const others = new Map<string, string>();
  const note = (name: string, path: string): void => {
    if (name !== spec.name && name !== stem && name.startsWith(`${stem}.`) && !others.has(name))
      others.set(name, path);
  };
  for (const [name, paths] of ldcache) if (paths[0] !== undefined) note(name, paths[0]);
  let found: { path: string; via: string } | null = null;
  const cached = ldcache.get(spec.name)?.[0];
  if (cached !== undefined) found = { path: cached, via: 'ldconfig' };
  for (const loc of locations) {
    if (!loc.exists) continue;
    const names = probe.listDir(loc.dir) ?? [];
    for (const name of names) note(name, join(loc.dir, name));
    if (found === null && names.includes(spec.name)) found = { path: join(loc.dir, spec.name), via: loc.via };
  }
  const otherVersions = [...others].slice(0, 6).map(([name, path]) => ({ name, path }));
  let fix: string | null = null;
  if (found === null) {
    const mismatch =
      otherVersions.length > 0
        ? `found ${otherVersions.map((o) => o.name).join(', ')} but ${spec.name} is needed: `
        : '';
    fix = `${mismatch}${spec.fix}`;
  }
  return {
    name: spec.name,
    purpose: spec.purpose,
    found: found !== null,
    path: found?.path ?? null,
    via: found?.via ?? null,
    otherVersions,
    fix,
  };
}
