import { selectBackend } from '../backends/ladder';
import { runBenchmark } from '../bench/benchmark';
import { runDoctor } from '../doctor/report';
import { runEvaluate } from '../train/evaluate-model';
import { runFeatureMaps, runTestImages } from '../train/inspect-run';
import { runLayerWindow } from '../train/layer-window';
import { runTraining } from '../train/run';
import { releaseSpareEngine } from '../torch/python';
import { runDebug } from './debug';
import type { Handlers } from './server';

/** One handler per worker command (shared/api/worker.ts). */
export const handlers: Handlers = {
  // The torch probe leaves an engine waiting for a run; these commands never give it one.
  doctor: (command) => runDoctor({ probe: command.probe }).finally(releaseSpareEngine),
  selectBackend: async (command) => {
    const s = await selectBackend(command.backend).finally(releaseSpareEngine);
    return {
      rung: s.rung,
      backend: s.backend,
      device: s.device,
      kernels: s.kernels,
      details: s.details,
      memory: s.memory,
      skipped: s.skipped,
    };
  },
  benchmark: (command, ctx) => runBenchmark(command, ctx),
  train: (command, ctx) => runTraining(command, ctx),
  featureMaps: (command) => runFeatureMaps(command),
  layerWindow: (command) => runLayerWindow(command),
  testImages: async (command) => runTestImages(command),
  evaluate: (command) => runEvaluate(command),
  debug: (command, ctx) => runDebug(command, ctx),
};
