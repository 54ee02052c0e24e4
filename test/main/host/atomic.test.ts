import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeAtomicOps, TEMP_SUFFIX, writeFileAtomic, type AtomicWriteOps } from '../../../main/host/atomic';

const writer = join(import.meta.dirname, 'fixtures', 'crash-writer.ts');
let dir: string;
let target: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-atomic-'));
  target = join(dir, 'net.stride.json');
  writeFileSync(target, '{"old":true}\n');
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startWriter(mode: 'hang' | 'loop' | 'naive'): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, target, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return child;
}

function waitForLine(child: ChildProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((l) => l.startsWith(prefix));
      if (line !== undefined) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
  });
}

function killAndWait(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tempFiles = () => readdirSync(dir).filter((name) => name.endsWith(TEMP_SUFFIX));

/** What the target holds, classified: the old file, one of the writer's complete payloads, or broken. */
function classify(): string {
  const text = readFileSync(target, 'utf8');
  try {
    const json = JSON.parse(text) as { old?: boolean; fill?: string };
    return json.old === true ? 'old' : `complete-${json.fill}`;
  } catch {
    return `truncated (${text.length} bytes)`;
  }
}

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file', async () => {
    await writeFileAtomic(target, '{"new":true}\n');
    expect(readFileSync(target, 'utf8')).toBe('{"new":true}\n');
    expect(readdirSync(dir)).toEqual(['net.stride.json']);
  });

  it('keeps the permission bits of the file it replaces', async () => {
    const { chmodSync } = await import('node:fs');
    chmodSync(target, 0o640);
    await writeFileAtomic(target, 'x');
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });

  for (const step of ['writeTemp', 'rename'] as const) {
    it(`leaves the old file intact and cleans up when ${step} fails`, async () => {
      const ops: AtomicWriteOps = {
        ...nodeAtomicOps,
        async [step](...args: unknown[]) {
          if (step === 'writeTemp') {
            // Simulates ENOSPC after part of the data reached the temp file.
            const [path, data, mode] = args as [string, Uint8Array, number];
            await nodeAtomicOps.writeTemp(path, data.subarray(0, 3), mode);
          }
          throw Object.assign(new Error(`${step}: no space left on device`), { code: 'ENOSPC' });
        },
      };
      await expect(writeFileAtomic(target, '{"new":true}\n', { ops })).rejects.toThrow('no space left');
      expect(readFileSync(target, 'utf8')).toBe('{"old":true}\n');
      expect(readdirSync(dir)).toEqual(['net.stride.json']);
    });
  }

  it('does not report a failure when only the folder fsync fails (the file is complete and in place)', async () => {
    const ops: AtomicWriteOps = {
      ...nodeAtomicOps,
      syncDir: async () => Promise.reject(Object.assign(new Error('EINVAL'), { code: 'EINVAL' })),
    };
    await writeFileAtomic(target, 'new', { ops });
    expect(readFileSync(target, 'utf8')).toBe('new');
  });
});

describe('a crash mid-write (a killed child process)', () => {
  it('leaves the old file whole when the process dies halfway through writing', async () => {
    const child = startWriter('hang');
    const line = await waitForLine(child, 'midway ');
    const temp = line.slice('midway '.length);
    await killAndWait(child);
    expect(classify()).toBe('old');
    // Proof the kill landed mid-write: the half-written temp file is there, and it is not the target.
    expect(tempFiles()).toHaveLength(1);
    expect(statSync(temp).size).toBeGreaterThan(1024 * 1024);
    expect(readdirSync(dir).filter((name) => name.endsWith('.json'))).toEqual(['net.stride.json']);
  });

  it('never leaves a truncated target when killed at random moments of a save loop', async () => {
    const seen: string[] = [];
    for (let round = 0; round < 4; round += 1) {
      const child = startWriter('loop');
      await waitForLine(child, 'ready');
      await sleep(20 + Math.floor(Math.random() * 120));
      await killAndWait(child);
      seen.push(classify());
    }
    expect(seen.every((state) => state === 'complete-a' || state === 'complete-b')).toBe(true);
  });

  it('control: a plain overwrite killed halfway does leave a truncated file, so the checks above can fail', async () => {
    const child = startWriter('naive');
    await waitForLine(child, 'midway');
    await killAndWait(child);
    expect(classify()).toMatch(/^truncated/);
  });
});
