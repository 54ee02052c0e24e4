import * as tf from '@tensorflow/tfjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { initialLearningRate, type EndEvent, type StartEvent } from '../../../shared/api/training';
import type { WorkerCommand } from '../../../shared/api/worker';
import { estimateTrainingMemory } from '../../../shared/analysis/memory';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import type { ImageShape } from '../../../shared/datasets/fit';
import { setInputShape } from '../../../shared/graph/input-shape';
import { selectBackend, type BackendSelection } from '../backends/ladder';
import type { TorchEngineSpec } from '../backends/types';
import { trainWithTorch } from '../torch/train';
import type { JobContext } from '../worker/job';
import {
  buildSeededModel,
  checkGraph,
  checkOutput,
  convLayers,
  frozenLayers,
  holdFrozenStatistics,
} from './compile';
import { applyInitialWeights } from './initial-weights';
import { prepareData } from './data';
import { buildEvaluation, predictSplit, type Predictions } from './evaluate';
import { firstConvFilters } from './inspect';
import { memoryBudget } from '../backends/memory';
import { checkMemory } from './memory-check';
import { runModelOptions, saveModel, writeFileAtomicSync } from './model-io';
import { createOptimizer } from './optimizers';
import { trainLoop } from './loop';
import type { LoopResult } from './progress';

export type TrainCommand = Extract<WorkerCommand, { kind: 'train' }>;

/** Run-folder files (the host's RUN_FILES names them too). */
const INITIAL_FILTERS = 'filters-initial.json';
const FINAL_FILTERS = 'filters.json';

/**
 * One run, in the order that refuses cheapest first: the graph (analysis errors, with the node), the backend
 * (the ladder), the memory estimate against what that device has, the dataset against the graph's input and
 * output; then build with seeded weights, train (here in tfjs, or in the PyTorch engine on the torch rungs),
 * evaluate on the test split and write the model and its evaluation into the run folder — the same files
 * whichever engine trained. The host writes run.json and metrics.jsonl from the events.
 */
export async function runTraining(command: TrainCommand, ctx: JobContext): Promise<EndEvent> {
  const started = performance.now();
  const { config } = command;
  const compiled = checkGraph(command.graph);
  const selection = await selectBackend(config.backend);
  const classes = compiled.outputUnits ?? 0;
  const estimate = estimateTrainingMemory(compiled.analysis, {
    batchSize: config.batchSize,
    optimizer: config.optimizer,
    classes,
  });
  const budget = memoryBudget(selection.rung, selection.memory);
  checkMemory(estimate, budget, config.batchSize);
  const data = prepareData(config, compiled.inputShape, compiled.inputNodeId, {
    inputWorks: (shape) => inputWorks(command, shape),
  });
  checkOutput(compiled, data.dataset.classNames.length);
  ctx.log('info', `dataset ${data.dataset.name}: ${data.train.count} train, ${data.test.count} test images`);

  // The torch rungs keep a tfjs model only to draw the initial weights and save the trained ones: the plain
  // cpu backend does (no tfjs backend was selected by the ladder).
  if (selection.engine !== undefined) await tf.setBackend('cpu');
  const tensorsBefore = tf.memory().numTensors;
  const model = buildSeededModel(compiled, config.seed);
  const initial =
    command.initialWeightsDir === undefined ? null : applyInitialWeights(model, command.initialWeightsDir);
  if (initial !== null) {
    ctx.log(
      'info',
      `started from ${command.initialWeightsDir ?? ''}: ${initial.loaded.length} weight(s) loaded` +
        (initial.reinitialised.length === 0 ? '' : `, reinitialised: ${initial.reinitialised.join(', ')}`),
    );
  }
  const convs = convLayers(compiled.topology);
  if (command.outDir !== null) {
    // Seed 000's "before": the first layer's filters as initialised, kept before the first batch changes them.
    const initial = firstConvFilters(model, convs);
    if (initial !== null) {
      mkdirSync(command.outDir, { recursive: true });
      writeFileAtomicSync(join(command.outDir, INITIAL_FILTERS), JSON.stringify(initial));
    }
  }
  const learningRate = initialLearningRate(config);
  const start: StartEvent = {
    type: 'start',
    runId: command.runId,
    backend: selection.backend,
    device: selection.device,
    skipped: [...selection.skipped],
    selectedBecause: selection.selectedBecause,
    epochs: config.epochs,
    batchesPerEpoch: Math.ceil(data.train.count / config.batchSize),
    trainSize: data.train.count,
    validationSize: data.validation.count,
    testSize: data.test.count,
    rung: selection.rung,
    kernels: [...selection.kernels],
    params: model.countParams(),
    classNames: [...data.dataset.classNames],
    inputShape: [...data.shape],
    optimizer: config.optimizer,
    learningRate,
    batchSize: config.batchSize,
    outputActivation: compiled.outputActivation,
    normalization: data.stats === null ? null : { mean: [...data.stats.mean], std: [...data.stats.std] },
    memory: { ...estimate, budgetBytes: budget.budgetBytes, budgetSource: budget.source },
    ...(initial === null
      ? {}
      : { initialWeights: { loaded: initial.loaded.length, reinitialised: [...initial.reinitialised] } }),
    ...(frozenLayers(compiled).length === 0 ? {} : { frozen: frozenLayers(compiled) }),
  };
  let optimizer: tf.Optimizer | null = null;
  const restoreStatistics = holdFrozenStatistics(model, frozenLayers(compiled));
  try {
    let loop: LoopResult;
    let test: Predictions | null;
    const engine = selection.engine;
    if (engine !== undefined) {
      ({ loop, test } = await trainWithTorch({
        command,
        ctx,
        selection: selection as BackendSelection & { engine: TorchEngineSpec },
        compiled,
        data,
        model,
        learningRate,
        start,
      }));
    } else {
      optimizer = createOptimizer(config.optimizer, learningRate);
      model.compile({
        optimizer,
        // A graph that ends without softmax trains on its logits with softmax cross-entropy (same maths).
        loss:
          compiled.outputActivation === 'softmax'
            ? 'categoricalCrossentropy'
            : (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
        metrics: ['accuracy'],
      });
      ctx.emit({ ...start, workerPid: process.pid });
      loop = await trainLoop({
        model,
        optimizer,
        config,
        baseLearningRate: learningRate,
        data,
        classes,
        outputActivation: compiled.outputActivation,
        ctx,
      });
      test =
        data.test.count > 0
          ? await predictSplit(model, data.test, data.transform, {
              stats: data.stats,
              outputActivation: compiled.outputActivation,
            })
          : null;
    }
    restoreStatistics();
    let modelDir: string | null = null;
    if (command.outDir !== null) {
      mkdirSync(command.outDir, { recursive: true });
      modelDir = join(command.outDir, 'model');
      await saveModel(model, modelDir, runModelOptions(command.graph, compiled.topology));
      if (test !== null)
        writeFileAtomicSync(
          join(command.outDir, 'evaluation.json'),
          JSON.stringify(buildEvaluation(data.test, test, data.dataset.classNames)),
        );
      const filters = firstConvFilters(model, convs);
      if (filters !== null) writeFileAtomicSync(join(command.outDir, FINAL_FILTERS), JSON.stringify(filters));
    }
    const wallSeconds = (performance.now() - started) / 1000 - loop.pausedSeconds;
    return {
      type: 'end',
      runId: command.runId,
      testAccuracy: test === null ? null : test.accuracy,
      testLoss: test === null ? null : test.loss,
      seconds: wallSeconds,
      imagesPerSecond: loop.trainSeconds > 0 ? loop.trainedImages / loop.trainSeconds : 0,
      modelDir,
      stopped: loop.stopped,
      earlyStopped: loop.earlyStopped,
      epochs: loop.epochsDone,
      bestEpoch: loop.bestEpoch,
      trainSeconds: loop.trainSeconds,
      bestValAccuracy: loop.bestValAccuracy,
    };
  } finally {
    model.dispose();
    optimizer?.dispose();
    const leaked = tf.memory().numTensors - tensorsBefore;
    if (leaked > 0) ctx.log('warn', `${leaked} tensors were not disposed after the run`);
  }
}

/** Whether the graph still analyses without errors with its Input set to `shape` (for the fit's fixes). */
function inputWorks(command: TrainCommand, shape: ImageShape): boolean {
  const changed = setInputShape(command.graph, shape);
  return changed !== null && analyzeGraph(changed).ok;
}
