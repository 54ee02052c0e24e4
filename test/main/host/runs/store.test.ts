import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { graphHash, initialRecord, newRunId, withStart } from '../../../../main/host/runs/record';
import { RunStore } from '../../../../main/host/runs/store';
import { RunRecordSchema } from '../../../../shared/api/runs';
import type { TrainingEvent } from '../../../../shared/api/training';
import { tinyNet, trainConfig } from '../../training/train/graphs';

let root: string;
let store: RunStore;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'stride-runs-'));
  store = new RunStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const record = (runId: string, createdAt: string) =>
  initialRecord({ runId, name: runId, graph: tinyNet(), config: trainConfig(), now: new Date(createdAt) });

const start: TrainingEvent = {
  type: 'start',
  runId: 'a',
  backend: 'wasm',
  device: 'CPU',
  skipped: [{ backend: 'webgpu', reason: 'no adapter' }],
  epochs: 2,
  batchesPerEpoch: 3,
  trainSize: 90,
  validationSize: 10,
  testSize: 20,
};

describe('run ids and graph hashes', () => {
  it('run ids sort by time and are valid folder names', () => {
    const a = newRunId(new Date('2026-01-02T03:04:05'));
    expect(a).toMatch(/^20260102-030405-[0-9a-f]{6}$/);
    expect(newRunId(new Date('2026-01-02T03:04:06')) > a).toBe(true);
  });

  it('the graph hash ignores positions and names but not params or wiring', () => {
    const g = tinyNet();
    const moved = {
      ...g,
      name: 'other',
      nodes: g.nodes.map((n) => ({ ...n, name: 'x', position: { x: 9, y: 9 } })),
    };
    expect(graphHash(moved)).toBe(graphHash(g));
    expect(graphHash(tinyNet({ filters: 4 }))).not.toBe(graphHash(g));
    expect(graphHash({ ...g, edges: g.edges.slice(1) })).not.toBe(graphHash(g));
  });
});

describe('the runs folder', () => {
  it('lists runs newest first, with the summary the Training tab shows', async () => {
    await store.create(record('20260101-000000-aaaaaa', '2026-01-01T00:00:00Z'));
    await store.create(
      withStart(
        record('20260102-000000-bbbbbb', '2026-01-02T00:00:00Z'),
        { ...start, params: 42 } as never,
        new Date(),
      ),
    );
    const list = await store.list();
    expect(list.map((r) => r.runId)).toEqual(['20260102-000000-bbbbbb', '20260101-000000-aaaaaa']);
    expect(list[0]).toMatchObject({
      status: 'running',
      backend: 'wasm',
      params: 42,
      graphName: 'Tiny net',
      epochsDone: 0,
    });
  });

  it('keeps the project a run came from; a run.json from before projects were recorded reads as null', async () => {
    const project = { path: '/p/lenet.stride', name: 'LeNet' };
    await store.create({ ...record('20260101-000000-aaaaaa', '2026-01-01T00:00:00Z'), project });
    const old: Record<string, unknown> = { ...record('20260102-000000-bbbbbb', '2026-01-02T00:00:00Z') };
    delete old.project;
    await store.create(RunRecordSchema.parse(old));
    writeFileSync(join(root, '20260102-000000-bbbbbb', 'run.json'), JSON.stringify(old));
    const list = await store.list();
    expect(list.map((r) => r.project)).toEqual([null, project]);
    expect((await store.read('20260101-000000-aaaaaa')).project).toEqual(project);
    expect(
      initialRecord({ runId: 'x', name: 'x', graph: tinyNet(), config: trainConfig(), now: new Date() })
        .project,
    ).toBeNull();
  });

  it('skips folders that are not runs and run.json files that do not validate', async () => {
    await store.create(record('20260101-000000-aaaaaa', '2026-01-01T00:00:00Z'));
    writeFileSync(join(root, 'notes.txt'), 'hello');
    await store.create(record('20260103-000000-cccccc', '2026-01-03T00:00:00Z'));
    writeFileSync(join(root, '20260103-000000-cccccc', 'run.json'), '{"format": "something else"}');
    expect((await store.list()).map((r) => r.runId)).toEqual(['20260101-000000-aaaaaa']);
    await expect(store.read('20260103-000000-cccccc')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    await expect(store.read('../escape')).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
  });

  it('metrics come back from metrics.jsonl; a half-written last line (a crash) is skipped', async () => {
    const id = '20260101-000000-aaaaaa';
    await store.create(record(id, '2026-01-01T00:00:00Z'));
    store.appendEvent(id, start);
    for (let b = 1; b <= 3; b++)
      store.appendEvent(id, { type: 'batch', epoch: 1, batch: b, loss: 1 / b, accuracy: 0.1 * b });
    store.appendEvent(id, {
      type: 'epoch',
      epoch: 1,
      loss: 0.5,
      accuracy: 0.2,
      valLoss: null,
      valAccuracy: null,
      seconds: 1,
      imagesPerSecond: 90,
    });
    appendFileSync(join(root, id, 'metrics.jsonl'), '{"type":"batch","epoch":2,"ba');
    const metrics = await store.metrics(id, 2000);
    expect(metrics.start?.backend).toBe('wasm');
    expect(metrics.batches.map((b) => b.batch)).toEqual([1, 2, 3]);
    expect(metrics.epochs).toHaveLength(1);
    expect(metrics.end).toBeNull();
  });

  it('thins batch points to the limit, keeping the last batch of every epoch', async () => {
    const id = '20260101-000000-aaaaaa';
    await store.create(record(id, '2026-01-01T00:00:00Z'));
    for (let e = 1; e <= 2; e++)
      for (let b = 1; b <= 50; b++)
        store.appendEvent(id, { type: 'batch', epoch: e, batch: b, loss: 1, accuracy: 0 });
    const metrics = await store.metrics(id, 10);
    expect(metrics.batchStride).toBe(10);
    expect(metrics.batches.length).toBeLessThanOrEqual(12);
    expect(metrics.batches.filter((b) => b.batch === 50).map((b) => b.epoch)).toEqual([1, 2]);
  });

  it('on start, runs left running by a process that is gone become failed, keeping their metrics', async () => {
    const dead = '20260101-000000-aaaaaa';
    const alive = '20260102-000000-bbbbbb';
    const done = '20260103-000000-cccccc';
    await store.create(withStart(record(dead, '2026-01-01T00:00:00Z'), start as never, new Date()));
    store.appendEvent(dead, start);
    await store.create(withStart(record(alive, '2026-01-02T00:00:00Z'), start as never, new Date()));
    await store.create({ ...record(done, '2026-01-03T00:00:00Z'), status: 'completed', owner: null });
    // Both are owned by this (living) process: nothing to recover.
    expect(await store.recoverInterrupted()).toEqual([]);
    // The owner of `dead` is gone.
    await store.write({
      ...(await store.read(dead)),
      owner: { pid: 2 ** 22 + 12345, hostname: (await store.read(dead)).owner?.hostname ?? '' },
    });
    expect(await store.recoverInterrupted()).toEqual([dead]);
    expect((await store.read(alive)).status).toBe('running');
    const failed = RunRecordSchema.parse(JSON.parse(readFileSync(join(root, dead, 'run.json'), 'utf8')));
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'RUN_INTERRUPTED' }, owner: null });
    expect((await store.metrics(dead, 100)).start?.backend).toBe('wasm');
    expect((await store.read(done)).status).toBe('completed');
  });

  it('writes of run.json are atomic and serialised: the last write wins', async () => {
    const id = '20260101-000000-aaaaaa';
    const r = record(id, '2026-01-01T00:00:00Z');
    await store.create(r);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.write({ ...r, name: `v${i}` })));
    expect((await store.read(id)).name).toBe('v19');
  });
});
