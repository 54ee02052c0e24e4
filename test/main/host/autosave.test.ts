import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../shared/api/types';
import { call, expectCode, expectValue, makeHost, project, tempDirs, type TempDirs } from './helpers';

let dirs: TempDirs;
beforeEach(() => {
  dirs = tempDirs();
});
afterEach(() => dirs.cleanup());

const windowA: CallContext = { transport: 'ipc', senderId: 'A' };
const windowB: CallContext = { transport: 'ipc', senderId: 'B' };
type Recoverable = { sessionId: string; name: string; savedAt: string; path: string | null };

const autosave = (
  host: ReturnType<typeof makeHost>['host'],
  sessionId: string,
  name: string,
  context: CallContext,
) =>
  expectValue<{ savedAt: string }>(
    call(
      host,
      'project',
      'autosave',
      { sessionId, path: `/p/${name}.stride.json`, project: project(name) },
      context,
    ),
  );
/** The project files of a session in the autosave folder (`<session>.<instance>-<n>.stride.json`). */
const projectFiles = (d: TempDirs, sessionId: string) =>
  readdirSync(join(d.dataDir, 'autosave'))
    .filter((name) => name.startsWith(`${sessionId}.`) && name.endsWith('.stride.json'))
    .map((name) => join(d.dataDir, 'autosave', name));
const recoverable = (host: ReturnType<typeof makeHost>['host']) =>
  expectValue<Recoverable[]>(call(host, 'project', 'recoverable', {}));

describe('autosave and crash recovery', () => {
  it('writes the autosave as an ordinary project file in the data folder', async () => {
    const { host } = makeHost(dirs);
    const { savedAt } = await autosave(host, 's1', 'Draft', windowA);
    expect(Number.isNaN(Date.parse(savedAt))).toBe(false);
    const files = projectFiles(dirs, 's1');
    expect(files).toHaveLength(1);
    expect(JSON.parse(readFileSync(files[0]!, 'utf8'))).toEqual(project('Draft'));
  });

  it('does not offer sessions that are still open, and offers them once their window closes', async () => {
    const { host } = makeHost(dirs);
    await autosave(host, 's1', 'One', windowA);
    await autosave(host, 's2', 'Two', windowB);
    expect(await recoverable(host)).toEqual([]);
    host.senderClosed('A');
    expect((await recoverable(host)).map((r) => r.sessionId)).toEqual(['s1']);
  });

  it('offers the autosaves of a host that crashed (never closed) to the next one, newest first', async () => {
    let clock = Date.parse('2026-01-01T10:00:00Z');
    const now = () => new Date((clock += 1000));
    const { host: crashed } = makeHost(dirs, { now });
    await autosave(crashed, 'old', 'Older', windowA);
    await autosave(crashed, 'new', 'Newer', windowB);
    // No close(): the process "died". A fresh host with the same data folder:
    const { host: next } = makeHost(dirs);
    const offered = await recoverable(next);
    expect(offered.map((r) => [r.sessionId, r.name, r.path])).toEqual([
      ['new', 'Newer', '/p/Newer.stride.json'],
      ['old', 'Older', '/p/Older.stride.json'],
    ]);
    const recovered = await expectValue<{ project: unknown; path: string }>(
      call(next, 'project', 'recover', { sessionId: 'new' }),
    );
    expect(recovered).toEqual({ project: project('Newer'), path: '/p/Newer.stride.json' });
    await expectValue(call(next, 'project', 'discardAutosave', { sessionId: 'new' }));
    expect((await recoverable(next)).map((r) => r.sessionId)).toEqual(['old']);
  });

  it('does not offer what the renderer discarded (saved or closed without saving)', async () => {
    const { host } = makeHost(dirs);
    await autosave(host, 's1', 'One', windowA);
    await expectValue(call(host, 'project', 'discardAutosave', { sessionId: 's1' }));
    await host.close();
    const { host: next } = makeHost(dirs);
    expect(await recoverable(next)).toEqual([]);
    await expectCode(call(next, 'project', 'recover', { sessionId: 's1' }), 'PROJECT_NO_AUTOSAVE');
  });

  it('removes its running marker on a clean exit, keeping unsaved work recoverable', async () => {
    const { host } = makeHost(dirs);
    await autosave(host, 's1', 'Unsaved', windowA);
    const instances = join(dirs.dataDir, 'autosave', 'instances');
    expect(readdirSync(instances)).toHaveLength(1);
    await host.close();
    expect(readdirSync(instances)).toHaveLength(0);
    const { host: next } = makeHost(dirs);
    expect((await recoverable(next)).map((r) => r.name)).toEqual(['Unsaved']);
  });

  it('forgets the markers of dead hosts once nothing of theirs is left', async () => {
    const { host: crashed } = makeHost(dirs);
    await autosave(crashed, 'gone', 'Gone', windowA);
    const instances = join(dirs.dataDir, 'autosave', 'instances');
    const { host: next } = makeHost(dirs);
    expect((await recoverable(next)).map((r) => r.sessionId)).toEqual(['gone']);
    expect(readdirSync(instances)).toHaveLength(1); // still needed: its autosave is on offer
    await expectValue(call(next, 'project', 'discardAutosave', { sessionId: 'gone' }));
    expect(await recoverable(next)).toEqual([]);
    expect(readdirSync(instances)).toHaveLength(0);
  });

  it('does not offer the sessions of another Stride that is still running', async () => {
    const dir = join(dirs.dataDir, 'autosave');
    mkdirSync(join(dir, 'instances'), { recursive: true });
    // Another live process (our parent) holds instance "other".
    writeFileSync(
      join(dir, 'instances', 'other.json'),
      JSON.stringify({ pid: process.ppid, startedAt: 'x' }),
    );
    writeFileSync(join(dir, 'theirs.stride.json'), JSON.stringify(project('Theirs')));
    writeFileSync(
      join(dir, 'theirs.meta.json'),
      JSON.stringify({
        sessionId: 'theirs',
        name: 'Theirs',
        path: null,
        savedAt: 'x',
        instance: 'other',
        pid: process.ppid,
      }),
    );
    const { host } = makeHost(dirs);
    expect(await recoverable(host)).toEqual([]);
  });

  it('ignores corrupt metadata and refuses a corrupt autosave with a coded error', async () => {
    const { host } = makeHost(dirs);
    await autosave(host, 's1', 'One', windowA);
    const dir = join(dirs.dataDir, 'autosave');
    writeFileSync(join(dir, 'junk.meta.json'), '{not json');
    writeFileSync(projectFiles(dirs, 's1')[0]!, '{"format":"stride-project","version":1}');
    host.senderClosed('A');
    expect((await recoverable(host)).map((r) => r.sessionId)).toEqual(['s1']);
    await expectCode(call(host, 'project', 'recover', { sessionId: 's1' }), 'PROJECT_INVALID');
  });

  it('refuses session ids that could name other files', async () => {
    const { host } = makeHost(dirs);
    for (const sessionId of ['../x', 'a/b', '', 'x'.repeat(65)]) {
      await expectCode(call(host, 'project', 'discardAutosave', { sessionId }), 'API_BAD_REQUEST');
    }
  });
});
