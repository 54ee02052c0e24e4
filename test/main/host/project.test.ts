import {
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { MAX_PROJECT_BYTES } from '../../../shared/graph/project';
import { blockBomb } from '../../fixtures/block-bomb';
import {
  call,
  ctx,
  expectCode,
  expectValue,
  makeHost,
  project,
  scriptedDialogs,
  tempDirs,
  type TempDirs,
} from './helpers';

let dirs: TempDirs;
beforeEach(() => {
  dirs = tempDirs();
  mkdirSync(dirs.projectsDir, { recursive: true });
});
afterEach(() => dirs.cleanup());

interface Opened {
  path: string;
  project: ReturnType<typeof project>;
}

describe('project: open and save', () => {
  it('round-trips a project through save and open, byte-stable on a second save', async () => {
    const { host } = makeHost(dirs);
    const saved = await expectValue<{ path: string }>(
      call(host, 'project', 'save', { path: 'lenet', project: project() }),
    );
    expect(saved.path).toBe(join(dirs.projectsDir, 'lenet.stride.json'));
    const firstBytes = readFileSync(saved.path, 'utf8');
    expect(JSON.parse(firstBytes)).toEqual(project());

    const opened = await expectValue<Opened>(call(host, 'project', 'open', { path: saved.path }));
    expect(opened).toEqual({ path: saved.path, project: project() });

    await expectValue(call(host, 'project', 'save', { path: saved.path, project: opened.project }));
    expect(readFileSync(saved.path, 'utf8')).toBe(firstBytes);
    // Nothing but the project is left in the folder: no temp files.
    expect(readdirSync(dirs.projectsDir)).toEqual(['lenet.stride.json']);
  });

  it('fills schema defaults when opening a minimal file', async () => {
    const path = join(dirs.projectsDir, 'min.stride.json');
    writeFileSync(
      path,
      JSON.stringify({
        format: 'stride-project',
        version: 1,
        graph: { version: 1, name: 'M', nodes: [], edges: [] },
      }),
    );
    const { host } = makeHost(dirs);
    const opened = await expectValue<Opened>(call(host, 'project', 'open', { path: 'min.stride.json' }));
    expect(opened.project.ui).toEqual({});
    expect(opened.project.graph.description).toBe('');
  });

  it('opens a block bomb as it is, without expanding it: the analysis refuses it, the host keeps serving', async () => {
    const bomb = { format: 'stride-project', version: 1, graph: blockBomb(5, 20), ui: {} };
    writeFileSync(join(dirs.projectsDir, 'bomb.stride.json'), JSON.stringify(bomb));
    const { host } = makeHost(dirs);
    const started = Date.now();
    const opened = await expectValue<Opened>(call(host, 'project', 'open', { path: 'bomb.stride.json' }));
    expect(Date.now() - started).toBeLessThan(5_000); // a hang guard, not a benchmark
    // The user must be able to open it to fix it; what would expand is refused where it is analysed.
    expect(opened.project.graph).toEqual(bomb.graph);
    expect(analyzeGraph(opened.project.graph).diagnostics.map((d) => [d.code, d.nodeId])).toEqual([
      ['GRAPH_TOO_LARGE', 'bomb'],
    ]);
    const listing = await expectValue<{ files: { name: string }[] }>(call(host, 'project', 'list', {}));
    expect(listing.files.map((f) => f.name)).toEqual(['bomb']);
  });

  it('lists the project folder, newest first, hiding temp files and other files', async () => {
    const { host } = makeHost(dirs);
    await expectValue(call(host, 'project', 'save', { path: 'a', project: project('A') }));
    writeFileSync(join(dirs.projectsDir, '.a.stride.json.123-abc.stride-tmp'), '{');
    writeFileSync(join(dirs.projectsDir, 'notes.txt'), 'hi');
    await expectValue(call(host, 'project', 'save', { path: 'b.stride.json', project: project('B') }));
    // Explicit times: the order must not depend on how fast the two saves ran.
    utimesSync(join(dirs.projectsDir, 'a.stride.json'), new Date(2026, 0, 1), new Date(2026, 0, 1));
    utimesSync(join(dirs.projectsDir, 'b.stride.json'), new Date(2026, 0, 2), new Date(2026, 0, 2));
    const listing = await expectValue<{ folder: string; files: { name: string; bytes: number }[] }>(
      call(host, 'project', 'list', {}),
    );
    expect(listing.folder).toBe(dirs.projectsDir);
    expect(listing.files.map((f) => f.name)).toEqual(['b', 'a']);
    expect(listing.files[0]?.bytes).toBe(statSync(join(dirs.projectsDir, 'b.stride.json')).size);
  });

  it('keeps a recent list, newest first, without duplicates or deleted files', async () => {
    const { host } = makeHost(dirs);
    await expectValue(call(host, 'project', 'save', { path: 'a', project: project('Alpha') }));
    await expectValue(call(host, 'project', 'save', { path: 'b', project: project('Beta') }));
    await expectValue(call(host, 'project', 'open', { path: 'a.stride.json' }));
    let recent = await expectValue<{ name: string; path: string }[]>(call(host, 'project', 'recent', {}));
    expect(recent.map((r) => r.name)).toEqual(['Alpha', 'Beta']);

    // The list survives a restart (it lives in the data folder) and forgets files that are gone.
    const { rmSync } = await import('node:fs');
    rmSync(join(dirs.projectsDir, 'b.stride.json'));
    const { host: second } = makeHost(dirs);
    recent = await expectValue(call(second, 'project', 'recent', {}));
    expect(recent.map((r) => r.path)).toEqual([join(dirs.projectsDir, 'a.stride.json')]);
  });

  it('validates uploaded text (openText) with the same rules', async () => {
    const { host } = makeHost(dirs);
    const ok = await expectValue<{ project: unknown }>(
      call(host, 'project', 'openText', { name: 'up.stride.json', text: JSON.stringify(project()) }),
    );
    expect(ok.project).toEqual(project());
    await expectCode(call(host, 'project', 'openText', { name: 'x', text: '{nope' }), 'PROJECT_INVALID_JSON');
  });
});

describe('project: refusals (coded errors, nothing overwritten)', () => {
  async function refusedOpen(contents: string | Buffer, code: string): Promise<string> {
    const path = join(dirs.projectsDir, 'bad.stride.json');
    writeFileSync(path, contents);
    const before = readFileSync(path);
    const { host } = makeHost(dirs);
    const message = await expectCode(call(host, 'project', 'open', { path }), code);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readdirSync(dirs.projectsDir)).toEqual(['bad.stride.json']);
    const recent = await expectValue<unknown[]>(call(host, 'project', 'recent', {}));
    expect(recent).toEqual([]);
    return message;
  }

  it('refuses malformed JSON, naming the problem', async () => {
    const message = await refusedOpen('{"format": "stride-project", "version": 1,', 'PROJECT_INVALID_JSON');
    expect(message).toContain('not valid JSON');
  });

  it('refuses a binary file', async () => {
    await refusedOpen(Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x7b]), 'PROJECT_INVALID_JSON');
  });

  it('refuses JSON that is not a Stride project', async () => {
    expect(await refusedOpen('[1,2,3]', 'PROJECT_INVALID')).toContain('not a JSON object');
    expect(await refusedOpen('{"format":"keras","version":1}', 'PROJECT_INVALID')).toContain('"format"');
  });

  it('refuses a project that fails the schema, naming the field', async () => {
    const broken = project();
    const json = JSON.parse(JSON.stringify(broken)) as { graph: { nodes: { id: string }[] } };
    json.graph.nodes[1]!.id = 'has spaces';
    const message = await refusedOpen(JSON.stringify(json), 'PROJECT_INVALID');
    expect(message).toContain('graph.nodes.1.id');
  });

  it('refuses a project from a newer Stride (format or graph version)', async () => {
    const future = { ...project(), version: 7 };
    expect(await refusedOpen(JSON.stringify(future), 'PROJECT_FUTURE_VERSION')).toContain('format 7');
    const futureGraph = { ...project(), graph: { ...project().graph, version: 3 } };
    expect(await refusedOpen(JSON.stringify(futureGraph), 'PROJECT_FUTURE_VERSION')).toContain(
      'graph version 3',
    );
  });

  it('refuses a file over 50 MB by its size, before parsing it', async () => {
    // A sparse file of zero bytes: were it read and parsed, the error would be PROJECT_INVALID_JSON.
    const path = join(dirs.projectsDir, 'bad.stride.json');
    writeFileSync(path, '');
    truncateSync(path, MAX_PROJECT_BYTES + 1);
    const { host } = makeHost(dirs);
    const message = await expectCode(call(host, 'project', 'open', { path }), 'PROJECT_TOO_LARGE');
    expect(message).toMatch(/50\.0 MB/);
    expect(statSync(path).size).toBe(MAX_PROJECT_BYTES + 1);
  });

  it('refuses to save a project that would exceed 50 MB, leaving the old file intact', async () => {
    const { host } = makeHost(dirs);
    const saved = await expectValue<{ path: string }>(
      call(host, 'project', 'save', { path: 'big', project: project() }),
    );
    const before = readFileSync(saved.path);
    const long = 'x'.repeat(1000);
    const nodes = Array.from({ length: 18_000 }, (_, i) => ({
      id: `n${i}`,
      kind: 'Dense',
      name: `n${i}`,
      params: { a: long, b: long, c: long },
      position: { x: i, y: 0 },
    }));
    const huge = project('Huge', { nodes, edges: [] });
    // Called directly (the contract's own validation of 18k nodes is not what is under test here).
    await expect(
      host.project.save({ path: saved.path, saveAs: false, project: huge }, ctx),
    ).rejects.toMatchObject({
      code: 'PROJECT_TOO_LARGE',
    });
    expect(readFileSync(saved.path).equals(before)).toBe(true);
    expect(readdirSync(dirs.projectsDir)).toEqual(['big.stride.json']);
  });

  it('reports a missing file as PROJECT_NOT_FOUND and a folder as not a file', async () => {
    const { host } = makeHost(dirs);
    await expectCode(call(host, 'project', 'open', { path: 'nope.stride.json' }), 'PROJECT_NOT_FOUND');
    mkdirSync(join(dirs.projectsDir, 'dir.json'));
    await expectCode(call(host, 'project', 'open', { path: 'dir.json' }), 'PROJECT_NOT_FOUND');
  });
});

describe('project: paths in browser mode (no dialogs)', () => {
  it('refuses path traversal, absolute paths outside, NUL bytes and symlinks leading out', async () => {
    const outside = join(dirs.root, 'outside.stride.json');
    writeFileSync(outside, JSON.stringify(project('Outside')));
    symlinkSync(outside, join(dirs.projectsDir, 'link.stride.json'));
    mkdirSync(join(dirs.root, 'elsewhere'));
    symlinkSync(join(dirs.root, 'elsewhere'), join(dirs.projectsDir, 'escape'));
    const { host } = makeHost(dirs);
    for (const path of [
      '../outside.stride.json',
      outside,
      'sub/../../outside.stride.json',
      'link.stride.json',
      'a\0.json',
    ]) {
      await expectCode(call(host, 'project', 'open', { path }), 'PROJECT_PATH_REFUSED');
    }
    for (const path of ['../evil', outside, '/tmp/../etc/cron.d/x.stride.json', 'escape/x', '.hidden']) {
      await expectCode(call(host, 'project', 'save', { path, project: project() }), 'PROJECT_PATH_REFUSED');
    }
    expect(readFileSync(outside, 'utf8')).toBe(JSON.stringify(project('Outside')));
    expect(readdirSync(join(dirs.root, 'elsewhere'))).toEqual([]);
  });

  it('asks for an explicit path where a dialog would be needed', async () => {
    const { host } = makeHost(dirs);
    await expectCode(call(host, 'project', 'open', {}), 'PROJECT_PATH_REQUIRED');
    await expectCode(
      call(host, 'project', 'save', { path: null, project: project() }),
      'PROJECT_PATH_REQUIRED',
    );
    await expectCode(
      call(host, 'files', 'saveText', { suggestedName: 'model.ts', text: 'x' }),
      'FILES_NO_DIALOG',
    );
  });

  it('saves under a new name with saveAs and an explicit path', async () => {
    const { host } = makeHost(dirs);
    const saved = await expectValue<{ path: string }>(
      call(host, 'project', 'save', { path: 'copy', saveAs: true, project: project() }),
    );
    expect(saved.path).toBe(join(dirs.projectsDir, 'copy.stride.json'));
  });
});

describe('project: native dialogs (Electron)', () => {
  it('opens and saves through dialogs, returning null when cancelled', async () => {
    const chosen = join(dirs.root, 'Documents', 'net.stride.json');
    mkdirSync(join(dirs.root, 'Documents'));
    const { dialogs, asked } = scriptedDialogs({ open: [null, chosen], save: [null, chosen] });
    const { host } = makeHost(dirs, { dialogs, mode: 'electron' });
    expect(
      await expectValue(call(host, 'project', 'save', { path: null, project: project('My Net/1') })),
    ).toBeNull();
    const saved = await expectValue<{ path: string }>(
      call(host, 'project', 'save', { path: null, project: project() }),
    );
    expect(saved.path).toBe(chosen);
    expect(await expectValue(call(host, 'project', 'open', {}))).toBeNull();
    const opened = await expectValue<Opened>(call(host, 'project', 'open', {}));
    expect(opened.path).toBe(chosen);
    expect(asked).toEqual([
      `save:${join(dirs.projectsDir, 'My Net-1.stride.json')}`,
      `save:${join(dirs.projectsDir, 'LeNet-5.stride.json')}`,
      'open',
      'open',
    ]);
    // Save (not Save As) to the known path needs no dialog; Save As asks even with a path.
    await expectValue(call(host, 'project', 'save', { path: chosen, project: project() }));
    expect(asked).toHaveLength(4);
  });

  it('refuses explicit paths the user never chose, and remembers chosen ones across restarts', async () => {
    const elsewhere = join(dirs.root, 'elsewhere.stride.json');
    writeFileSync(elsewhere, JSON.stringify(project()));
    const { dialogs } = scriptedDialogs({ open: [elsewhere] });
    const { host } = makeHost(dirs, { dialogs, mode: 'electron' });
    await expectCode(call(host, 'project', 'open', { path: elsewhere }), 'PROJECT_PATH_REFUSED');
    await expectCode(
      call(host, 'project', 'save', { path: join(dirs.root, 'x'), project: project() }),
      'PROJECT_PATH_REFUSED',
    );
    await expectValue(call(host, 'project', 'open', {}));
    await expectValue(call(host, 'project', 'open', { path: elsewhere }));
    // A new host (next launch) may reopen it from the recent list without a dialog.
    const { host: next } = makeHost(dirs, { dialogs: scriptedDialogs({}).dialogs, mode: 'electron' });
    await expectValue(call(next, 'project', 'open', { path: elsewhere }));
  });

  it('writes exported text where the save dialog says', async () => {
    const target = join(dirs.root, 'model.ts');
    const { dialogs, asked } = scriptedDialogs({ text: [target, null] });
    const { host } = makeHost(dirs, { dialogs, mode: 'electron' });
    expect(
      await expectValue(
        call(host, 'files', 'saveText', { suggestedName: 'model.ts', text: 'const a = 1;\n' }),
      ),
    ).toEqual({
      path: target,
    });
    expect(readFileSync(target, 'utf8')).toBe('const a = 1;\n');
    expect(
      await expectValue(call(host, 'files', 'saveText', { suggestedName: 'model.ts', text: '' })),
    ).toBeNull();
    expect(asked).toEqual(['text:model.ts', 'text:model.ts']);
  });
});
