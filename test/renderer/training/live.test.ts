import { beforeEach, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../shared/api/training';
import { presetDoc } from '../../../renderer/src/model/core';
import { loadDoc, useEditor } from '../../../renderer/src/store/editor';
import {
  handleTrainingEvent,
  IDLE,
  liveSeries,
  onRunFinished,
  statusText,
  useLive,
} from '../../../renderer/src/training/live';
import { startEvent } from './fake-backend';

const play = (runId: string, event: Record<string, unknown>, now?: number) =>
  handleTrainingEvent(runId, event as TrainingEvent, now);

describe('the live run', () => {
  beforeEach(() => {
    useLive.setState(IDLE);
    liveSeries.reset(1);
  });

  it('follows a run from start to end: progress, rate, ETA, curves, result', () => {
    play('r1', startEvent('r1'), 0);
    expect(useLive.getState()).toMatchObject({
      phase: 'running',
      runId: 'r1',
      epochs: 2,
      batchesPerEpoch: 4,
    });
    for (let b = 1; b <= 4; b += 1)
      play(
        'r1',
        { type: 'batch', epoch: 1, batch: b, loss: 2 / b, accuracy: b / 5, time: 1000 + b },
        b * 1000,
      );
    const s = useLive.getState();
    expect(s).toMatchObject({ epoch: 1, batch: 4 });
    // One batch a second of 64 images; 4 batches left.
    expect(s.imagesPerSecond).toBeCloseTo(64, 6);
    expect(s.etaSeconds).toBeCloseTo(4, 6);
    expect(liveSeries.length).toBe(4);
    expect(liveSeries.lastTime()).toBe(1004);
    play('r1', {
      type: 'epoch',
      epoch: 1,
      loss: 1,
      accuracy: 0.5,
      valLoss: 1.1,
      valAccuracy: 0.45,
      seconds: 4,
      imagesPerSecond: 64,
    });
    expect(useLive.getState().lastEpoch?.valAccuracy).toBe(0.45);
    expect(liveSeries.accuracyData()[4]).toEqual([null, null, null, 0.45]);
    let ended: string | null = null;
    const off = onRunFinished((runId) => (ended = runId));
    play('r1', {
      type: 'end',
      testAccuracy: 0.9,
      testLoss: 0.3,
      seconds: 9,
      imagesPerSecond: 60,
      modelDir: '/m',
      stopped: false,
    });
    off();
    expect(ended).toBe('r1');
    expect(useLive.getState()).toMatchObject({ phase: 'completed', etaSeconds: null });
    expect(statusText(useLive.getState())).toBe('Completed');
  });

  it('shows a stopped run as stopped and a failure with its message', () => {
    play('r2', startEvent('r2'));
    play('r2', {
      type: 'end',
      testAccuracy: 0.5,
      testLoss: 1,
      seconds: 1,
      imagesPerSecond: 1,
      modelDir: null,
      stopped: true,
    });
    expect(statusText(useLive.getState())).toBe('Stopped');
    play('r3', startEvent('r3'));
    play('r3', { type: 'error', code: 'TRAINING_DIVERGED', message: 'The loss became NaN.', nodeId: null });
    expect(statusText(useLive.getState())).toBe('Failed: The loss became NaN.');
    expect(useLive.getState().failure?.code).toBe('TRAINING_DIVERGED');
  });

  it('adopts a run it did not see start, and ignores another run while one is followed', () => {
    play('other', { type: 'batch', epoch: 1, batch: 1, loss: 1, accuracy: 0 });
    expect(useLive.getState()).toMatchObject({ runId: 'other', phase: 'running' });
    play('intruder', { type: 'batch', epoch: 1, batch: 2, loss: 1, accuracy: 0 });
    expect(useLive.getState().runId).toBe('other');
  });

  it('never touches the document or its undo history', () => {
    const doc = presetDoc('mnist-keras');
    if (doc === undefined) throw new Error('no preset');
    loadDoc(doc, null, { saved: true });
    const before = useEditor.getState();
    play('r4', startEvent('r4'));
    for (let b = 1; b <= 3; b += 1) play('r4', { type: 'batch', epoch: 1, batch: b, loss: 1, accuracy: 0.1 });
    play('r4', {
      type: 'end',
      testAccuracy: 0.5,
      testLoss: 1,
      seconds: 1,
      imagesPerSecond: 1,
      modelDir: null,
    });
    const after = useEditor.getState();
    expect(after.doc).toBe(before.doc);
    expect(after.history).toBe(before.history);
    expect(after.savedDoc).toBe(before.savedDoc);
  });
});
