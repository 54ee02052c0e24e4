import type * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { TorchErrorCode, type StartEvent } from '../../../shared/api/training';
import { OPTIMIZER_CODE } from '../../../shared/codegen/pytorch-train';
import { toPyTorch } from '../../../shared/codegen/pytorch';
import type { BackendSelection } from '../backends/ladder';
import type { TorchEngineSpec } from '../backends/types';
import { epochBatches } from '../datasets/pipeline';
import { createRng } from '../datasets/random';
import { frozenLayers, type CompiledGraph } from '../train/compile';
import type { RunData } from '../train/data';
import type { Predictions } from '../train/evaluate';
import { learningRateAt } from '../train/optimizers';
import { EpochTracker, type LoopResult } from '../train/progress';
import type { TrainCommand } from '../train/run';
import type { JobContext } from '../worker/job';
import { TorchEngine, type EngineMessageOf } from './engine';
import { feedMode, readWeights, streamFrame, writeSplit, writeWeights } from './feed';
import { takeSpareEngine } from './python';

/**
 * One run on the torch rungs. The worker keeps everything a run means — the dataset and its seeded splits and
 * batch order, the learning-rate schedule, early stopping, the events, stop and pause, the run folder — and
 * the engine process (engine.ts) does the arithmetic: the network from Stride's PyTorch code generator (the
 * file `stride export --format pytorch` writes), the initial weights this worker drew (`model`, Glorot
 * uniform from the run's seed, as the tfjs rungs start), the optimizer from the generator's table. At the end
 * the trained weights come back in Keras layout into `model`, which the caller saves like any run's.
 */
export interface TorchRunInput {
  readonly command: TrainCommand;
  readonly ctx: JobContext;
  readonly selection: BackendSelection & { readonly engine: TorchEngineSpec };
  readonly compiled: CompiledGraph;
  readonly data: RunData;
  /** Built with the run's seeded initial weights; receives the trained ones. */
  readonly model: tf.LayersModel;
  readonly learningRate: number;
  /** The start event's fields common to every rung; the engine's own are added here. */
  readonly start: StartEvent;
}

export interface TorchRunResult {
  readonly loop: LoopResult;
  readonly test: Predictions | null;
}

/** Batches sent ahead of the one training in the `stream` feed. */
const STREAM_AHEAD = 4;

/** Processes for a run: one per GPU; on the CPU STRIDE_TORCH_PROCESSES (gloo), default 1. */
export function processCount(spec: TorchEngineSpec, env = process.env): number {
  const forced = Number.parseInt(env.STRIDE_TORCH_PROCESSES ?? '', 10);
  if (Number.isFinite(forced) && forced >= 1) return forced;
  return spec.device === 'cuda' ? Math.max(1, spec.gpus) : 1;
}

/**
 * CPU threads per process: STRIDE_TORCH_THREADS when set, else torch's own default (what a plain PyTorch
 * script gets; 0 here), and under torchrun on the CPU the cores shared out (torchrun would give each 1).
 */
export function cpuThreads(processes: number, env = process.env, cores = cpus().length): number {
  const forced = Number.parseInt(env.STRIDE_TORCH_THREADS ?? '', 10);
  if (Number.isFinite(forced) && forced >= 1) return forced;
  return processes > 1 ? Math.max(1, Math.floor(cores / processes)) : 0;
}

/** Test fault injection (the engine honours it only when the worker runs with STRIDE_WORKER_DEBUG=1). */
function fault(env = process.env): Record<string, unknown> | null {
  if (env.STRIDE_WORKER_DEBUG !== '1' || env.STRIDE_TORCH_FAULT === undefined) return null;
  const [kind = '', epoch = '1', batch = '1'] = env.STRIDE_TORCH_FAULT.split(':');
  return { kind, epoch: Number(epoch), batch: Number(batch) };
}

export async function trainWithTorch(input: TorchRunInput): Promise<TorchRunResult> {
  const { command, ctx, selection, data, model } = input;
  const { config } = command;
  const spec = selection.engine;
  const source = toPyTorch(command.graph, { training: false }, input.compiled.analysis);
  if (!source.ok)
    throw new StrideFailure(
      TorchErrorCode.unsupported,
      `The torch rung cannot train this graph: ${source.error.message}`,
      source.error.nodeId,
    );
  const dir = mkdtempSync(join(tmpdir(), 'stride-torch-'));
  let engine: TorchEngine | null = null;
  const unsubscribe = ctx.control.onAction((action) => engine?.send({ op: action }));
  try {
    const mode = feedMode(config);
    const manifest = writeWeights(dir, 'initial-weights.bin', model);
    const splits = {
      train:
        mode === 'file'
          ? writeSplit(dir, 'train.bin', data.train)
          : { path: 'train.bin', count: 0, dtype: 'float32' },
      validation: writeSplit(dir, 'validation.bin', data.validation),
      test: writeSplit(dir, 'test.bin', data.test),
    };
    const processes = processCount(spec);
    const threads = cpuThreads(processes);
    // One process: the engine the probe started, if it is still waiting (torch is imported once, not twice).
    const started =
      (processes === 1 ? takeSpareEngine(spec.python) : null) ??
      (await TorchEngine.start({
        spec,
        processes,
        dataDir: dir,
        env: threads > 0 && spec.device === 'cpu' ? { OMP_NUM_THREADS: String(threads) } : {},
      }));
    started.engine.onLog((line) => ctx.log('info', `engine: ${line}`));
    engine = started.engine;
    const { hello } = started;
    const memory = selection.memory.totalBytes;
    engine.send({
      op: 'init',
      dataDir: dir,
      model: source.value,
      device: spec.device,
      threads: spec.device === 'cpu' ? threads : 0,
      seed: config.seed,
      optimizer: OPTIMIZER_CODE[config.optimizer],
      learningRate: input.learningRate,
      classes: input.compiled.outputUnits ?? 0,
      sourceShape: [...data.sourceShape],
      transform: data.transform.transform ?? null,
      normalization: data.stats === null ? null : { mean: [...data.stats.mean], std: [...data.stats.std] },
      feed: mode,
      splits,
      weights: { path: 'initial-weights.bin', manifest },
      frozen: frozenLayers(input.compiled),
      // A GPU keeps a split in its memory when it takes at most a quarter of it.
      residentBytes: spec.device === 'cpu' || memory === null ? 0 : Math.floor(memory / 4),
      fault: fault(),
    });
    const ready = await engine.expect('ready');
    ctx.emit({
      ...input.start,
      type: 'start',
      workerPid: process.pid,
      enginePid: engine.pid,
      engine: {
        python: hello.python,
        executable: spec.python,
        torch: hello.torch ?? '',
        ...(hello.cuda === null ? {} : { cuda: hello.cuda }),
        ...(hello.hip === null ? {} : { rocm: hello.hip }),
        device: ready.device,
        processes: ready.world,
        feed: mode,
        ...(hello.distributedBackend === undefined ? {} : { distributed: hello.distributedBackend }),
      },
    });
    const loop = await epochs(engine, input, mode);
    engine.send({
      op: 'finish',
      weights: 'trained-weights.bin',
      predictions: data.test.count > 0 ? 'test-probs.bin' : null,
    });
    const finished = await engine.expect('finished');
    readWeights(join(dir, 'trained-weights.bin'), model, manifest);
    const test =
      finished.test === null || data.test.count === 0
        ? null
        : predictions(dir, finished.test, data.test.count, input.compiled.outputUnits ?? 0);
    // Python's exit after torch takes seconds on a busy machine: the run does not wait for it.
    void engine.quit();
    return { loop, test };
  } catch (error) {
    if (engine !== null) {
      engine.kill();
      await engine.exited;
      keepLog(command.outDir, engine.logTail);
      ctx.log('error', `engine log (last lines):\n${engine.logTail.split('\n').slice(-40).join('\n')}`);
    }
    throw error;
  } finally {
    unsubscribe();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A failed run keeps the engine's last output as error.log (the run view shows it). */
function keepLog(outDir: string | null, log: string): void {
  if (outDir === null || log.trim().length === 0) return;
  try {
    writeFileSync(join(outDir, 'error.log'), `${log.trimEnd()}\n`);
  } catch {
    // The folder may be gone; the log also went to the worker's log.
  }
}

function predictions(
  dir: string,
  test: NonNullable<EngineMessageOf<'finished'>['test']>,
  count: number,
  classes: number,
): Predictions {
  const raw = readFileSync(join(dir, 'test-probs.bin'));
  const probabilities = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  if (probabilities.length !== count * classes)
    throw new StrideFailure(
      TorchErrorCode.protocol,
      `the engine wrote ${probabilities.length} probabilities for ${count} test images of ${classes} classes`,
    );
  return {
    loss: test.loss ?? NaN,
    accuracy: test.accuracy ?? NaN,
    count,
    probabilities,
    classes,
  };
}

async function epochs(
  engine: TorchEngine,
  input: TorchRunInput,
  mode: 'file' | 'stream',
): Promise<LoopResult> {
  const { command, ctx, data } = input;
  const { config } = command;
  const tracker = new EpochTracker(config);
  let stopped = false;
  let earlyStopped = false;
  let epochsDone = 0;
  let trainedImages = 0;
  let trainSeconds = 0;
  let pausedSeconds = 0;
  for (let epoch = 1; epoch <= config.epochs && !stopped && !earlyStopped; epoch++) {
    if (ctx.control.stopped) {
      stopped = true;
      break;
    }
    const learningRate = learningRateAt(config, input.learningRate, epoch);
    const batches = epochBatches(data.train.count, config.batchSize, config.seed, epoch);
    const header = { op: 'epoch', epoch, learningRate, batches: batches.length, batchSize: config.batchSize };
    const rng = createRng((config.seed * 31 + epoch * 7907) >>> 0);
    let sent = 0;
    const sendAhead = (acked: number): void => {
      while (sent < batches.length && sent < acked + STREAM_AHEAD && !ctx.control.stopped) {
        const frame = streamFrame(data.train, batches[sent] as Int32Array, data.sourceShape, {
          transform: data.transform,
          stats: data.stats,
          ...(config.augment === undefined ? {} : { augment: config.augment }),
          rng,
        });
        engine.send(frame.header, frame.payload);
        sent += 1;
      }
    };
    if (mode === 'file') {
      const order = new Int32Array(data.train.count);
      let at = 0;
      for (const b of batches) {
        order.set(b, at);
        at += b.length;
      }
      engine.send(header, new Uint8Array(order.buffer));
    } else {
      engine.send(header);
      sendAhead(0);
    }
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    let end: EngineMessageOf<'epochEnd'> | null = null;
    while (end === null) {
      const m = await engine.next();
      if (m.t === 'batch') {
        lossSum += m.loss * m.count;
        correct += m.accuracy * m.count;
        seen += m.count;
        ctx.emit({
          type: 'batch',
          epoch: m.epoch,
          batch: m.batch,
          loss: m.loss,
          accuracy: m.accuracy,
          time: Date.now(),
          imagesPerSecond: (m.count * 1000) / Math.max(m.ms, 1e-3),
        });
        if (mode === 'stream') sendAhead(m.batch);
      } else if (m.t === 'epochEnd') end = m;
      else if (m.t === 'paused' || m.t === 'resumed') continue;
      else
        throw new StrideFailure(TorchErrorCode.protocol, `The PyTorch engine sent ${m.t} during an epoch.`);
    }
    trainSeconds += end.trainSeconds;
    pausedSeconds += end.pausedSeconds;
    trainedImages += end.seen;
    if (end.stopped) {
      // As on the tfjs rungs: a stop in the middle of an epoch ends the run without that epoch's summary.
      stopped = true;
      break;
    }
    const validationStarted = performance.now();
    let validation: { loss: number; accuracy: number } | null = null;
    if (data.validation.count > 0) {
      engine.send({ op: 'evaluate', split: 'validation' });
      const v = await engine.expect('evaluated');
      validation = { loss: v.loss ?? NaN, accuracy: v.accuracy ?? NaN };
    }
    const validationSeconds = (performance.now() - validationStarted) / 1000;
    epochsDone = epoch;
    const loss = lossSum / Math.max(1, seen);
    earlyStopped = tracker.update(epoch, validation?.loss ?? loss, validation?.accuracy ?? null);
    ctx.emit({
      type: 'epoch',
      epoch,
      loss,
      accuracy: correct / Math.max(1, seen),
      valLoss: validation?.loss ?? null,
      valAccuracy: validation?.accuracy ?? null,
      seconds: end.trainSeconds + validationSeconds,
      imagesPerSecond: end.seen / Math.max(end.trainSeconds, 1e-6),
      learningRate,
    });
  }
  return {
    stopped,
    earlyStopped,
    epochsDone,
    bestEpoch: tracker.bestEpoch,
    bestValAccuracy: tracker.bestValAccuracy,
    trainedImages,
    trainSeconds,
    pausedSeconds,
  };
}
