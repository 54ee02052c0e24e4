import { join, resolve } from 'node:path';
import { StrideFailure } from '../../shared/api/errors';
import { EvaluationSchema, FiltersSchema } from '../../shared/api/runs';
import { TrainingErrorCode, type InitialWeights, type TrainingEvent } from '../../shared/api/training';
import type { HostService } from '../../shared/api/types';
import { analyzeGraph } from '../../shared/analysis/analyze';
import { unsupportedForTraining, withFix } from '../../shared/analysis/training-support';
import type { GraphDoc } from '../../shared/graph/schema';
import { suggestedFileName } from '../../shared/codegen/export';
import type { HostDeps } from './deps';
import { ONNX_FILTER, writeOnnx } from './files';
import { createModelsNamespace, readImport } from './models';
import { checkDatasetPath } from './runs/dataset-path';
import { RunSession } from './runs/session';
import { RUN_FILES, RunStore } from './runs/store';
import { createCoalescer } from './worker/coalesce';
import { WorkerHost } from './worker/host';
import { workerHostOptions } from './worker/options';

/**
 * The `training` and `runs` namespaces. Runs live in <dataDir>/runs; one run trains at a time per host (a
 * second start answers TRAINING_BUSY) in the training worker, whose events are recorded by a RunSession and
 * sent to the UI through the EventSink, at most 30 messages a second (a burst of batch events collapses to the
 * latest; start, epoch, end and error always arrive). Inspecting finished runs (feature maps, test images)
 * uses a second worker so it never waits behind a training run. Each worker exits after WORKER_IDLE_MS
 * without a job, and on close().
 */
export interface TrainingModule {
  readonly training: HostService['training'];
  readonly runs: HostService['runs'];
  readonly models: HostService['models'];
  /** Resolves once runs left running by a dead process are marked failed (done on creation). */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Refuses a graph with analysis errors, or with a layer setting tfjs cannot train, before starting any process
 * (the worker checks again).
 */
function precheck(graph: GraphDoc): void {
  const analysis = analyzeGraph(graph);
  const first = analysis.diagnostics.find((d) => d.severity === 'error');
  if (first !== undefined)
    throw new StrideFailure(
      TrainingErrorCode.graphHasErrors,
      `The graph has errors, so it cannot train: [${first.code}] ${first.message}`,
      first.nodeId,
    );
  const unsupported = unsupportedForTraining(analysis)[0];
  if (unsupported !== undefined)
    throw new StrideFailure(unsupported.code, withFix(unsupported), unsupported.nodeId);
}

export function createTrainingModule(deps: HostDeps): TrainingModule {
  const store = new RunStore(join(deps.dataDir, 'runs'));
  // Both workers exit when idle (WORKER_IDLE_MS): a finished run or an inspected one holds no process.
  const trainer = new WorkerHost(workerHostOptions(deps));
  const inspector = new WorkerHost(workerHostOptions(deps));
  const ready = store.recoverInterrupted().then(
    () => undefined,
    () => undefined,
  );
  let active: RunSession | null = null;
  let starting = false;

  const activeRun = (runId: string): RunSession => {
    if (active === null || active.runId !== runId)
      throw new StrideFailure(TrainingErrorCode.notRunning, `The run ${runId} is not training on this host.`);
    return active;
  };

  /** config.initialWeights → the tfjs model folder the worker reads (an unknown source is refused here). */
  const initialWeightsFolder = async (source: InitialWeights | undefined): Promise<string | undefined> => {
    if (source === undefined) return undefined;
    if (source.kind === 'import') return (await readImport(deps.dataDir, source.importId)).dir;
    const detail = await store.detail(source.runId);
    if (!detail.hasModel)
      throw new StrideFailure(
        TrainingErrorCode.initialWeights,
        `The run ${source.runId} has no saved model to start from (it ${detail.status}).`,
      );
    return join(store.dir(source.runId), RUN_FILES.model);
  };

  const training: HostService['training'] = {
    async start(input) {
      if (active !== null || starting)
        throw new StrideFailure(
          TrainingErrorCode.busy,
          `A run is already training${active === null ? '' : ` (${active.runId})`}: stop it or wait for it to end.`,
        );
      // Taken before the first await, so two starts sent together cannot both pass the check above.
      starting = true;
      let config = input.config;
      let initialWeightsDir: string | undefined;
      try {
        precheck(input.graph);
        config = { ...config, dataset: await checkDatasetPath(config.dataset, deps) };
        initialWeightsDir = await initialWeightsFolder(config.initialWeights);
        await ready;
      } finally {
        starting = false;
      }
      const coalescer = createCoalescer<TrainingEvent>(
        (events) => {
          for (const event of events) deps.events('training', { runId: session.runId, event });
        },
        deps.streamClock === undefined ? {} : { clock: deps.streamClock },
      );
      const session = RunSession.start({
        store,
        workers: trainer,
        graph: input.graph,
        config,
        ...(initialWeightsDir === undefined ? {} : { initialWeightsDir }),
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.project === undefined ? {} : { project: input.project }),
        ...(deps.now === undefined ? {} : { now: deps.now }),
        onEvent: (_runId, event) => {
          coalescer.push(event);
          if (event.type === 'end' || event.type === 'error') coalescer.flush();
        },
      });
      active = session;
      void session.done.then(() => {
        coalescer.flush();
        coalescer.dispose();
        if (active === session) active = null;
      });
      await session.started;
      return { runId: session.runId };
    },
    async stop({ runId }) {
      void activeRun(runId).control('stop');
      return {};
    },
    async pause({ runId }) {
      await activeRun(runId).control('pause');
      return {};
    },
    async resume({ runId }) {
      await activeRun(runId).control('resume');
      return {};
    },
    async active() {
      return active === null ? null : { runId: active.runId, status: active.status };
    },
  };

  const finishedRunDir = async (runId: string): Promise<string> => {
    const detail = await store.detail(runId);
    if (!detail.hasModel)
      throw new StrideFailure(
        TrainingErrorCode.runNoModel,
        `The run ${runId} has no saved model (${detail.status === 'running' || detail.status === 'paused' ? 'it is still training' : `it ${detail.status}`}).`,
      );
    return store.dir(runId);
  };

  const runs: HostService['runs'] = {
    async list() {
      await ready;
      return store.list();
    },
    get: async ({ runId }) => store.detail(runId),
    metrics: async ({ runId, maxBatchPoints }) => {
      await store.read(runId);
      return store.metrics(runId, maxBatchPoints);
    },
    async delete({ runId }) {
      if (active?.runId === runId)
        throw new StrideFailure(TrainingErrorCode.runActive, `The run ${runId} is training: stop it first.`);
      await store.read(runId);
      await store.remove(runId);
      return {};
    },
    evaluation: ({ runId }) =>
      store.artefact(
        runId,
        RUN_FILES.evaluation,
        EvaluationSchema,
        new StrideFailure(TrainingErrorCode.runNoEvaluation, `The run ${runId} has no evaluation (yet).`),
      ),
    filters: ({ runId, which }) =>
      which === 'initial'
        ? store.artefact(
            runId,
            RUN_FILES.filtersInitial,
            FiltersSchema,
            new StrideFailure(
              TrainingErrorCode.runNoModel,
              `The run ${runId} has no initial filters (the graph has no convolution, or the run was trained before Stride kept them).`,
            ),
          )
        : store.artefact(
            runId,
            RUN_FILES.filters,
            FiltersSchema,
            new StrideFailure(
              TrainingErrorCode.runNoModel,
              `The run ${runId} has no trained filters (it has not finished, or the graph has no convolution).`,
            ),
          ),
    featureMaps: async ({ runId, imageIndex, maxChannels, layers }) => {
      const runDir = await finishedRunDir(runId);
      return inspector.run({ kind: 'featureMaps', runDir, imageIndex, maxChannels, layers });
    },
    layerWindow: async ({ runId, ...rest }) => {
      const runDir = await finishedRunDir(runId);
      return inspector.run({ kind: 'layerWindow', runDir, ...rest });
    },
    async exportOnnx({ runId }, ctx) {
      const runDir = await finishedRunDir(runId);
      const record = await store.read(runId);
      let path = join(runDir, 'model.onnx');
      if (deps.dialogs !== null) {
        const chosen = await deps.dialogs.saveText(ctx, suggestedFileName(record.graph, 'onnx'), [
          ONNX_FILTER,
        ]);
        if (chosen === null) return null;
        path = resolve(chosen);
      }
      return writeOnnx(path, record.graph, {
        weights: join(runDir, RUN_FILES.model),
        producerVersion: deps.version,
      });
    },
    testImages: async ({ runId, indices }) => {
      await store.read(runId);
      return inspector.run({ kind: 'testImages', runDir: store.dir(runId), indices });
    },
  };

  return {
    training,
    runs,
    models: createModelsNamespace(deps, { store, inspector }),
    ready,
    async close() {
      const session = active;
      if (session !== null) {
        void session.control('stop');
        // A stop ends after the current batch plus the test evaluation; do not hold the app's exit for long.
        await Promise.race([session.done, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
      await Promise.all([trainer.dispose(), inspector.dispose()]);
    },
  };
}
