import type { RunSummary } from '../../../shared/api/ns/training';
import type { Evaluation, Filters, RunDetail, RunMetrics } from '../../../shared/api/runs';
import type { OptimizerName } from '../../../shared/api/training';
import { presetDoc } from '../../../renderer/src/model/core';

/** A finished run of the seed Keras network on MNIST, as the host describes it. */
export function runDetail(
  runId: string,
  over: Partial<RunDetail> & { optimizer?: OptimizerName } = {},
): RunDetail {
  const graph = presetDoc('mnist-keras');
  if (graph === undefined) throw new Error('no preset');
  const { optimizer = 'adam', ...rest } = over;
  return {
    format: 'stride-run',
    version: 1,
    runId,
    name: graph.name,
    status: 'completed',
    createdAt: '2026-11-24T10:00:00.000Z',
    updatedAt: '2026-11-24T10:01:00.000Z',
    config: {
      dataset: 'mnist-10k',
      epochs: 2,
      batchSize: 32,
      optimizer,
      backend: 'auto',
      seed: 1,
      validationSplit: 0.1,
      normalize: 'unit',
      limit: 600,
      learningRate: 0.005,
      schedule: { kind: 'cosine', minLearningRate: 0 },
    },
    graph,
    graphHash: 'abc',
    project: null,
    params: 93322,
    backend: 'wasm',
    rung: 'wasm',
    device: 'Test CPU',
    skipped: [],
    selectedBecause: null,
    engine: null,
    kernels: [],
    sizes: { train: 540, validation: 60, test: 100, batchesPerEpoch: 17 },
    classNames: ['0', '1', '2'],
    inputShape: [28, 28, 1],
    outputActivation: 'softmax',
    normalization: null,
    learningRate: 0.001,
    memory: null,
    timings: { startedAt: null, firstBatchAt: null, endedAt: null, seconds: 61, imagesPerSecond: 250 },
    progress: { epochsDone: 2, epochs: 2 },
    result: {
      testAccuracy: 0.9,
      testLoss: 0.3,
      bestValAccuracy: 0.88,
      bestEpoch: 2,
      stopped: false,
      earlyStopped: false,
      modelDir: '/runs/x/model',
    },
    error: null,
    owner: null,
    log: null,
    hasModel: true,
    hasEvaluation: true,
    ...rest,
  };
}

export function summaryOf(d: RunDetail): RunSummary {
  return {
    runId: d.runId,
    status: d.status,
    name: d.name,
    createdAt: d.createdAt,
    backend: d.backend,
    device: d.device,
    seconds: d.timings.seconds,
    bestValAccuracy: d.result.bestValAccuracy,
    testAccuracy: d.result.testAccuracy,
    params: d.params,
    config: d.config,
    graphName: d.graph.name,
    graphHash: d.graphHash,
    project: d.project,
  };
}

/** Three classes, six test images: labels 0 0 1 1 2 2, predicted 0 1 1 1 2 0. */
export const EVALUATION: Evaluation = {
  classNames: ['0', '1', '2'],
  testSize: 6,
  testAccuracy: 4 / 6,
  testLoss: 0.7,
  confusion: [
    [1, 1, 0],
    [0, 2, 0],
    [1, 0, 1],
  ],
  predicted: [0, 1, 1, 1, 2, 0],
  confidence: [0.9, 0.6, 0.8, 0.7, 0.95, 0.5],
  labels: [0, 0, 1, 1, 2, 2],
  samples: [{ index: 1, label: 0, predicted: 1, probabilities: [0.3, 0.6, 0.1] }],
};

export const FILTERS: Filters = {
  nodeId: 'conv2d_3',
  layer: 'conv2d_3',
  kernel: [3, 3],
  channels: 1,
  count: 2,
  min: -0.5,
  max: 0.5,
  filters: [
    [
      [
        [0, 0.5, 0],
        [0, 0.5, 0],
        [0, 0.5, 0],
      ],
    ],
    [
      [
        [-0.5, -0.5, -0.5],
        [0, 0, 0],
        [0.5, 0.5, 0.5],
      ],
    ],
  ],
  bias: [0.1, -0.1],
};

export function metrics(losses: readonly number[], batchesPerEpoch = 2): RunMetrics {
  const batches = losses.map((loss, i) => ({
    type: 'batch' as const,
    epoch: Math.floor(i / batchesPerEpoch) + 1,
    batch: (i % batchesPerEpoch) + 1,
    loss,
    accuracy: 1 - loss / 3,
  }));
  const epochs = Array.from({ length: Math.ceil(losses.length / batchesPerEpoch) }, (_, e) => ({
    type: 'epoch' as const,
    epoch: e + 1,
    loss: losses[e * batchesPerEpoch] ?? 0,
    accuracy: 0.5,
    valLoss: 1,
    valAccuracy: 0.5 + e / 10,
    seconds: 1,
    imagesPerSecond: 100,
  }));
  return {
    start: {
      type: 'start',
      runId: 'x',
      backend: 'wasm',
      device: 'Test CPU',
      skipped: [],
      epochs: epochs.length,
      batchesPerEpoch,
      trainSize: 64,
      validationSize: 8,
      testSize: 6,
    },
    batches,
    batchStride: 1,
    epochs,
    end: null,
    error: null,
  };
}
