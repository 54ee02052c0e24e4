import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presetDoc } from '../../../renderer/src/model/core';
import { loadDoc } from '../../../renderer/src/store/editor';
import { IDLE, liveSeries, useLive } from '../../../renderer/src/training/live';
import { resetTrainingStream } from '../../../renderer/src/training/stream';
import { TrainingPanel } from '../../../renderer/src/training/TrainingPanel';
import { TrainingWorkspace } from '../../../renderer/src/training/TrainingWorkspace';
import { usePrefs } from '../../../renderer/src/store/prefs';
import { DEFAULT_FORM, useTrainingForm } from '../../../renderer/src/training/config';
import { useDoctor } from '../../../renderer/src/training/doctor';
import { DOCTOR } from './doctor-report';
import { fakeBackend, startEvent } from './fake-backend';

// uPlot needs a real canvas; this stand-in records what the chart asks it to draw and runs its draw hooks.
const plots = vi.hoisted(() => [] as { setData: number; data: unknown[] }[]);
vi.mock('uplot', () => {
  class FakePlot {
    data: unknown[];
    root = document.createElement('div');
    record = { setData: 0, data: [] as unknown[] };
    constructor(
      private opts: { hooks?: { draw?: ((u: unknown) => void)[] } },
      data: unknown[],
      el: HTMLElement,
    ) {
      this.data = data;
      this.record.data = data;
      el.appendChild(this.root);
      plots.push(this.record);
    }
    setData(data: unknown[]) {
      this.data = data;
      this.record.data = data;
      this.record.setData += 1;
      for (const h of this.opts.hooks?.draw ?? []) h(this);
    }
    setSize() {}
    destroy() {
      this.root.remove();
    }
  }
  return { default: FakePlot };
});

const nextFrame = () => act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

function open(preset: string) {
  const doc = presetDoc(preset);
  if (doc === undefined) throw new Error(`no preset ${preset}`);
  loadDoc(doc, null, { saved: true });
  return doc;
}

describe('Training workspace and the bottom panel status', () => {
  let backend: ReturnType<typeof fakeBackend>;
  beforeEach(() => {
    useLive.setState(IDLE);
    liveSeries.reset(1);
    useTrainingForm.setState(DEFAULT_FORM);
    useDoctor.setState({ report: null, loading: false, error: null });
    resetTrainingStream();
    plots.length = 0;
    backend = fakeBackend({
      'system.doctor': () => DOCTOR,
      'training.active': () => null,
      'training.start': () => ({ runId: 'r1' }),
      'training.stop': () => ({}),
      'training.pause': () => ({}),
      'training.resume': () => ({}),
      'runs.list': () => [],
    });
  });
  afterEach(cleanup);

  it('shows the detected device, the skipped backends and the memory estimate', async () => {
    open('mnist-keras');
    render(<TrainingWorkspace />);
    await settle();
    expect(screen.getByText(/Device:/).textContent).toMatch(/Test CPU \(2 cores\).*WebAssembly/);
    expect(screen.getByText(/no WebGPU adapter/)).toBeTruthy();
    expect(screen.getByTestId('memory-estimate').textContent).toMatch(/Memory estimate: \d+(\.\d+)? MiB/);
    expect(screen.getByRole('option', { name: /WebGPU — unavailable/ })).toBeTruthy();
  });

  it('disables Start with the reason when the dataset does not fit the graph', async () => {
    open('lenet5');
    render(<TrainingWorkspace />);
    await settle();
    expect((screen.getByTestId('train-start') as HTMLButtonElement).disabled).toBe(true);
    const reasons = screen.getByRole('list', { name: 'Why training cannot start' });
    expect(within(reasons).getByText(/32×32×1 images, but the dataset has 28×28×1/)).toBeTruthy();
  });

  it('one click fixes LeNet-5 on MNIST: pad 2 (no "set Input": C5 would break), and Start is enabled', async () => {
    const user = userEvent.setup();
    open('lenet5');
    render(<TrainingWorkspace />);
    await settle();
    expect(screen.queryByTestId('fix-set-input')).toBeNull();
    await user.click(screen.getByTestId('fix-transform'));
    await settle();
    expect((screen.getByLabelText('Pad (pixels of zeros)') as HTMLInputElement).value).toBe('2');
    expect(screen.queryByRole('list', { name: 'Why training cannot start' })).toBeNull();
    expect((screen.getByTestId('train-start') as HTMLButtonElement).disabled).toBe(false);
  });

  it('names the Python the torch rungs asked and what it lacks', async () => {
    open('mnist-keras');
    render(<TrainingWorkspace />);
    await settle();
    expect(screen.getByTestId('torch-python').textContent).toMatch(
      /PyTorch engine: \/usr\/bin\/python3 \(Python 3\.11\.2\), ModuleNotFoundError: No module named 'torch'/,
    );
    expect(screen.getByRole('option', { name: /PyTorch .* — unavailable/ })).toBeTruthy();
  });

  it('starts with the form settings, streams batches into the chart once per frame, and stops', async () => {
    const user = userEvent.setup();
    const doc = open('mnist-keras');
    render(<TrainingWorkspace />);
    await settle();
    await user.clear(screen.getByLabelText('Limit (images)'));
    await user.type(screen.getByLabelText('Limit (images)'), '500');
    await user.click(screen.getByTestId('train-start'));
    expect(backend.called('training.start')[0]?.input).toEqual({
      graph: doc,
      config: expect.objectContaining({
        dataset: 'mnist',
        limit: 500,
        epochs: 3,
        batchSize: 32,
        optimizer: 'adam',
      }),
      name: doc.name,
      // Not saved: the project is known by its name only.
      project: { path: null, name: doc.name },
    });
    expect(screen.getByTestId('run-status').textContent).toBe('Starting…');
    act(() => backend.emit('training', { runId: 'r1', event: startEvent('r1', { batchesPerEpoch: 100 }) }));
    await settle();
    expect(screen.getByTestId('run-status').textContent).toBe('Training');
    const chart = screen.getByTestId('loss-chart');
    const lossPlot = plots[0];
    if (lossPlot === undefined) throw new Error('no chart');
    const drawsBefore = lossPlot.setData;
    act(() => {
      for (let b = 1; b <= 50; b += 1)
        backend.emit('training', {
          runId: 'r1',
          event: { type: 'batch', epoch: 1, batch: b, loss: 2 - b / 50, accuracy: b / 60, time: 5000 + b },
        });
    });
    await nextFrame();
    // 50 events, one redraw, every point drawn.
    expect(lossPlot.setData - drawsBefore).toBe(1);
    expect(chart.dataset.points).toBe('50');
    expect(chart.dataset.lastBatchTime).toBe('5050');
    expect(screen.getByTestId('train-progress').textContent).toMatch(/Epoch 1\/2 · batch 50\/100/);
    await user.click(screen.getByTestId('train-stop'));
    expect(backend.called('training.stop')[0]?.input).toEqual({ runId: 'r1' });
    expect(screen.getByTestId('run-status').textContent).toBe('Stopping…');
    act(() =>
      backend.emit('training', {
        runId: 'r1',
        event: {
          type: 'end',
          testAccuracy: 0.8,
          testLoss: 0.5,
          seconds: 12,
          imagesPerSecond: 300,
          modelDir: '/m',
          stopped: true,
        },
      }),
    );
    await settle();
    expect(screen.getByTestId('run-status').textContent).toBe('Stopped');
    expect((screen.getByTestId('train-start') as HTMLButtonElement).disabled).toBe(false);
  });

  it('pauses and resumes the run (a saved project is recorded by its file)', async () => {
    const user = userEvent.setup();
    const doc = open('mnist-keras');
    loadDoc(doc, '/home/me/keras.stride', { saved: true });
    render(<TrainingWorkspace />);
    await settle();
    await user.click(screen.getByTestId('train-start'));
    expect(backend.called('training.start')[0]?.input).toMatchObject({
      project: { path: '/home/me/keras.stride', name: doc.name },
    });
    act(() => backend.emit('training', { runId: 'r1', event: startEvent('r1') }));
    await user.click(screen.getByRole('button', { name: 'Pause' }));
    expect(backend.called('training.pause')).toHaveLength(1);
    expect(screen.getByTestId('run-status').textContent).toBe('Paused');
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(backend.called('training.resume')).toHaveLength(1);
    expect(screen.getByTestId('run-status').textContent).toBe('Training');
  });

  it('shows a refused start with its code and leaves Start enabled', async () => {
    const user = userEvent.setup();
    backend = fakeBackend({
      'system.doctor': () => DOCTOR,
      'training.active': () => null,
      'runs.list': () => [],
      'training.start': () => ({ fail: { code: 'DATASET_NOT_FOUND', message: 'Dataset not found: /nope' } }),
    });
    open('mnist-keras');
    render(<TrainingWorkspace />);
    await settle();
    await user.click(screen.getByTestId('train-start'));
    await settle();
    expect(screen.getByRole('alert').textContent).toMatch(/DATASET_NOT_FOUND.*Dataset not found: \/nope/);
    expect(screen.getByTestId('run-status').textContent).toMatch(/^Not started: Dataset not found/);
    expect((screen.getByTestId('train-start') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says the run is evaluating on the test images after the last epoch, until it ends', async () => {
    open('mnist-keras');
    render(<TrainingWorkspace />);
    await settle();
    act(() =>
      backend.emit('training', {
        runId: 'r1',
        event: startEvent('r1', { epochs: 1, batchesPerEpoch: 2, testSize: 2000 }),
      }),
    );
    const batch = (b: number) => ({ type: 'batch', epoch: 1, batch: b, loss: 1, accuracy: 0.5, time: b });
    act(() => {
      backend.emit('training', { runId: 'r1', event: batch(1) });
      backend.emit('training', { runId: 'r1', event: batch(2) });
    });
    await settle();
    expect(screen.getByTestId('run-status').textContent).toBe('Training');
    expect(screen.queryByTestId('train-stage')).toBeNull();
    act(() =>
      backend.emit('training', {
        runId: 'r1',
        event: {
          type: 'epoch',
          epoch: 1,
          loss: 1,
          accuracy: 0.5,
          valLoss: 1,
          valAccuracy: 0.5,
          seconds: 1,
          imagesPerSecond: 100,
        },
      }),
    );
    await settle();
    expect(screen.getByTestId('run-status').textContent).toBe('Evaluating on 2,000 test images…');
    expect(screen.getByTestId('train-stage').textContent).toBe('Evaluating on 2,000 test images…');
    act(() =>
      backend.emit('training', {
        runId: 'r1',
        event: {
          type: 'end',
          testAccuracy: 0.9,
          testLoss: 0.3,
          seconds: 3,
          imagesPerSecond: 100,
          modelDir: '/m',
          stopped: false,
        },
      }),
    );
    await settle();
    expect(screen.getByTestId('run-status').textContent).toBe('Completed');
    expect(screen.queryByTestId('train-stage')).toBeNull();
  });

  it('keeps a compact status in the bottom panel that starts a run and leads to the workspace', async () => {
    const user = userEvent.setup();
    usePrefs.getState().setView('designer');
    open('mnist-keras');
    render(<TrainingPanel />);
    await settle();
    expect(screen.queryByTestId('loss-chart')).toBeNull();
    expect(screen.getByTestId('run-status').textContent).toBe('Ready');
    await user.click(screen.getByTestId('train-start'));
    expect(backend.called('training.start')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Open the training workspace' }));
    expect(usePrefs.getState().view).toBe('training');
  });
});
