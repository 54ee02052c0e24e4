import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_CHARS } from '../../../shared/api/errors';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { parseModelText } from '../../../shared/graph/load';
import { nodeAtomicOps, type AtomicWriteOps } from '../../../main/host/atomic';
import { AutosaveStore } from '../../../main/host/autosave';
import { readRegularFile } from '../../../main/host/regular-file';
import { removeStaleTemps, tempWriter } from '../../../main/host/stale-temps';
import { loadModel } from '../../../main/cli/load-model';
import { call, ctx, expectCode, expectValue, makeHost, project, tempDirs, type TempDirs } from './helpers';

// Regression tests for hostile files reaching the host (issue 15, items 4, 5, 6): each failed before its fix.

let dirs: TempDirs;
beforeEach(() => {
  dirs = tempDirs();
  mkdirSync(dirs.projectsDir, { recursive: true });
});
afterEach(() => dirs.cleanup());

function mkfifo(path: string): void {
  const made = spawnSync('mkfifo', [path]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr.toString()}`);
}

/** A pid that is certainly not running: a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid ?? 0;
}

/** `levels` Residual blocks, each inside the body of the next. */
function nestedResiduals(levels: number): string {
  let node = '{"id":"r0","kind":"residual","name":"r","params":{},"position":{"x":0,"y":0}}';
  for (let i = 1; i < levels; i += 1) {
    node = `{"id":"r${i}","kind":"residual","name":"r","params":{},"position":{"x":0,"y":0},"body":{"nodes":[${node}],"edges":[]}}`;
  }
  return `{"format":"stride-project","version":1,"graph":{"version":1,"name":"deep","nodes":[${node}],"edges":[]}}`;
}

function manyParams(keys: number): string {
  const params = `{${Array.from({ length: keys }, (_, i) => `"k${i}":1`).join(',')}}`;
  return `{"format":"stride-project","version":1,"graph":{"version":1,"name":"keys","nodes":[{"id":"d","kind":"dense","name":"d","params":${params},"position":{"x":0,"y":0}}],"edges":[]}}`;
}

describe('non-regular files named *.stride.json (item 5)', () => {
  it('refuses a FIFO at once, and six of them do not starve the other calls', async () => {
    const { host } = makeHost(dirs);
    await expectValue(call(host, 'project', 'save', { path: 'real', project: project('Real') }));
    for (let i = 0; i < 6; i += 1) mkfifo(join(dirs.projectsDir, `pipe${i}.stride.json`));
    const opens = Array.from({ length: 6 }, (_, i) =>
      expectCode(call(host, 'project', 'open', { path: `pipe${i}.stride.json` }), 'PROJECT_NOT_FOUND'),
    );
    await Promise.all(opens);
    const listing = await expectValue<{ files: { name: string }[] }>(call(host, 'project', 'list', {}));
    expect(listing.files.map((f) => f.name)).toEqual(['real']);
    const opened = await expectValue<{ project: { graph: { name: string } } }>(
      call(host, 'project', 'open', { path: 'real.stride.json' }),
    );
    expect(opened.project.graph.name).toBe('Real');
  });

  it('reads the recent list and autosave metadata past FIFOs planted in the data folder', async () => {
    mkdirSync(join(dirs.dataDir, 'autosave', 'instances'), { recursive: true });
    mkfifo(join(dirs.dataDir, 'recent.json'));
    mkfifo(join(dirs.dataDir, 'autosave', 'evil.meta.json'));
    mkfifo(join(dirs.dataDir, 'autosave', 'instances', 'evil.json'));
    const { host } = makeHost(dirs);
    expect(await expectValue(call(host, 'project', 'recent', {}))).toEqual([]);
    expect(await expectValue(call(host, 'project', 'recoverable', {}))).toEqual([]);
  });

  it('refuses FIFOs, folders and devices in the shared reader and the CLI', async () => {
    const fifo = join(dirs.root, 'pipe.stride.json');
    mkfifo(fifo);
    for (const path of [fifo, dirs.root, '/dev/zero']) {
      await expect(readRegularFile(path, 1024), path).rejects.toMatchObject({ code: 'ENOTREG' });
    }
    const loaded = await loadModel(fifo);
    expect(loaded.ok === false && loaded.error.code).toBe('FILE_NOT_REGULAR');
  });
});

describe('huge and deep project files through the host (item 4)', () => {
  it('answers 3,001 nested Residuals with GRAPH_TOO_DEEP on open and upload', async () => {
    const { host } = makeHost(dirs);
    const text = nestedResiduals(3001);
    writeFileSync(join(dirs.projectsDir, 'deep.stride.json'), text);
    await expectCode(call(host, 'project', 'open', { path: 'deep.stride.json' }), 'GRAPH_TOO_DEEP');
    await expectCode(call(host, 'project', 'openText', { name: 'deep', text }), 'GRAPH_TOO_DEEP');
    // The same document as an object (an IPC request is a structured clone, never text).
    await expectCode(
      call(host, 'project', 'save', { path: 'deep', project: JSON.parse(text) as unknown }),
      'GRAPH_TOO_DEEP',
    );
  });

  it('refuses 1,000,000 parameter keys with GRAPH_TOO_LARGE and a capped message, in the host and the CLI', async () => {
    const { host } = makeHost(dirs);
    const text = manyParams(1_000_000);
    const file = join(dirs.projectsDir, 'keys.stride.json');
    writeFileSync(file, text);
    const started = performance.now();
    const message = await expectCode(
      call(host, 'project', 'open', { path: 'keys.stride.json' }),
      'GRAPH_TOO_LARGE',
    );
    expect(message.length).toBeLessThan(MAX_MESSAGE_CHARS);
    const loaded = await loadModel(file);
    expect(loaded.ok === false && loaded.error.code).toBe('GRAPH_TOO_LARGE');
    // Informational (not an assertion: timings on a loaded machine are noise): refused after one text scan.
    console.info(`1,000,000 keys refused by host and CLI in ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('caps what an error echoes: 4,000 unknown keys give a bounded PARAM_INVALID', () => {
    const params = `{${Array.from({ length: 4000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    const text = `{"version":1,"name":"k","nodes":[{"id":"i","kind":"input","name":"i","params":{"shape":[4]},"position":{"x":0,"y":0}},{"id":"d","kind":"dense","name":"d","params":${params},"position":{"x":0,"y":0}}],"edges":[{"id":"e","source":"i","target":"d"}]}`;
    const loaded = parseModelText(text);
    if (!loaded.ok) throw new Error(loaded.error.message);
    const invalid = analyzeGraph(loaded.value.graph).diagnostics.find((d) => d.code === 'PARAM_INVALID');
    expect(invalid?.message).toContain('"k0"');
    expect(invalid?.message).toMatch(/more characters\)$/);
    expect(invalid?.message.length).toBeLessThan(MAX_MESSAGE_CHARS + 40);
  });
});

describe('saves leave no debris (item 6)', () => {
  it('names the writer of a temp file', () => {
    expect(tempWriter('.a.stride.json.1234-0123456789ab.stride-tmp')).toBe(1234);
    expect(tempWriter('a.stride.json')).toBe(null);
    expect(tempWriter('.x.1234-zz.stride-tmp')).toBe(null);
  });

  it('removes the temp files of dead writers at start, keeping those of live ones', async () => {
    const dead = deadPid();
    const autosave = join(dirs.dataDir, 'autosave');
    mkdirSync(autosave, { recursive: true });
    const stale = [
      join(dirs.projectsDir, `.net.stride.json.${dead}-0123456789ab.stride-tmp`),
      join(autosave, `.s1.stride.json.${dead}-0123456789ab.stride-tmp`),
      join(dirs.dataDir, `.recent.json.${dead}-0123456789ab.stride-tmp`),
    ];
    const live = [
      join(dirs.projectsDir, `.net.stride.json.${process.pid}-0123456789ab.stride-tmp`),
      join(dirs.projectsDir, `.net.stride.json.${process.ppid}-0123456789ab.stride-tmp`),
      join(dirs.projectsDir, 'notes.stride-tmp.txt'),
    ];
    for (const path of [...stale, ...live]) writeFileSync(path, 'partial');
    const { host } = makeHost(dirs);
    expect((await host.swept).sort()).toEqual([...stale].sort());
    for (const path of stale) expect(existsSync(path), path).toBe(false);
    for (const path of live) expect(existsSync(path), path).toBe(true);
  });

  it('removeStaleTemps asks whether each writer lives', async () => {
    writeFileSync(join(dirs.projectsDir, '.a.1-0123456789ab.stride-tmp'), '');
    writeFileSync(join(dirs.projectsDir, '.b.2-0123456789ab.stride-tmp'), '');
    const asked: number[] = [];
    const removed = await removeStaleTemps([dirs.projectsDir, join(dirs.root, 'missing')], (pid) => {
      asked.push(pid);
      return pid === 2;
    });
    expect(asked.sort()).toEqual([1, 2]);
    expect(removed).toEqual([join(dirs.projectsDir, '.a.1-0123456789ab.stride-tmp')]);
  });

  it('writes an autosave and its meta as one unit: a crash between them leaves the previous pair', async () => {
    const clock = () => new Date('2026-01-01T10:00:00Z');
    const first = new AutosaveStore(dirs.dataDir, clock);
    await first.save('s1', 'A', null, project('Older'));
    // The next autosave "crashes" after its project file is written: the meta write never completes.
    const crashing: AtomicWriteOps = {
      ...nodeAtomicOps,
      writeTemp: (path, data, mode) =>
        path.includes('.meta.json')
          ? new Promise(() => undefined)
          : nodeAtomicOps.writeTemp(path, data, mode),
    };
    const crashed = new AutosaveStore(dirs.dataDir, clock, crashing);
    void crashed.save('s1', 'A', null, project('Newer'));
    await expect
      .poll(() => readdirSync(join(dirs.dataDir, 'autosave')).filter((n) => n.endsWith('.stride.json')))
      .toHaveLength(2);
    // The next host offers a name and recovers content that belong together.
    const { host } = makeHost(dirs);
    const offered = await expectValue<{ name: string }[]>(call(host, 'project', 'recoverable', {}));
    const recovered = await expectValue<{ project: { graph: { name: string } } }>(
      call(host, 'project', 'recover', { sessionId: 's1' }, ctx),
    );
    expect(offered.map((r) => r.name)).toEqual([recovered.project.graph.name]);
    expect(recovered.project.graph.name).toBe('Older');
  });

  it('sweeps the project files of autosaves that never committed', async () => {
    const clock = () => new Date('2026-01-01T10:00:00Z');
    const store = new AutosaveStore(dirs.dataDir, clock);
    await store.save('s1', 'A', null, project('Kept'));
    const dir = join(dirs.dataDir, 'autosave');
    // Left by a host (instance 00…0, not running) killed between its project write and its commit.
    const orphan = join(dir, 's1.0000000000000000-7.stride.json');
    writeFileSync(orphan, JSON.stringify(project('Lost')));
    const { host } = makeHost(dirs);
    expect(await host.swept).toEqual([orphan]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.stride.json'))).toHaveLength(1);
  });
});
