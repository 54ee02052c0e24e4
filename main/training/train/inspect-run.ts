import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import { RunRecordSchema, type FeatureMaps, type RunRecord, type TestImages } from '../../../shared/api/runs';
import { TrainingErrorCode } from '../../../shared/api/training';
import type { WorkerCommand } from '../../../shared/api/worker';
import { imageTransform, transformImages, type ImageTransform } from '../datasets/transform';
import { pixelsOf } from '../datasets/types';
import { selectBackend } from '../backends/ladder';
import { checkGraph, convLayers, type CompiledGraph } from './compile';
import { loadRunDataset, normalizeInPlace } from './data';
import { argmax, round } from './evaluate';
import { convFeatureMaps, toImageData } from './inspect';
import { loadModel } from './model-io';

/** Worker commands that look into a finished run: its test images, and feature maps of one of them. */
export function readRecord(runDir: string): RunRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
  } catch {
    throw new StrideFailure(TrainingErrorCode.runNotFound, `No run in ${runDir}.`);
  }
  const parsed = RunRecordSchema.safeParse(raw);
  if (!parsed.success)
    throw new StrideFailure(TrainingErrorCode.runNotFound, `${runDir}/run.json is not valid.`);
  return parsed.data;
}

/**
 * The dataset a run trained on. Runs recorded before `mnist` became the official 60,000 / 10,000 split named
 * the 10,000-digit set `mnist`; their test split had 2,000 images, which tells them apart.
 */
export function runDatasetSpec(record: Pick<RunRecord, 'config' | 'sizes'>): string {
  const { dataset } = record.config;
  return dataset === 'mnist' && record.sizes?.test === 2000 ? 'mnist-10k' : dataset;
}

export function testSplitOf(record: RunRecord) {
  const inputShape = record.inputShape ?? checkGraph(record.graph).inputShape;
  const dataset = loadRunDataset(runDatasetSpec(record), record.config.seed, inputShape);
  const transform = imageTransform(dataset.imageShape, record.config.transform);
  return { dataset, transform, shape: transform.to };
}

/** Test image `index` as the model read it (transformed; not normalised). */
export function imageAt(images: Float32Array, transform: ImageTransform, index: number): Float32Array {
  const size = pixelsOf(transform.from);
  const raw = images.slice(index * size, (index + 1) * size);
  return transformImages(raw, 1, transform);
}

export function runTestImages(command: Extract<WorkerCommand, { kind: 'testImages' }>): TestImages {
  const record = readRecord(command.runDir);
  const { dataset, transform, shape } = testSplitOf(record);
  const test = dataset.test;
  const bad = command.indices.find((i) => i >= test.count);
  if (bad !== undefined)
    throw new StrideFailure(
      TrainingErrorCode.imageIndex,
      `Test image ${bad} does not exist: the test split has ${test.count} images (0–${test.count - 1}).`,
    );
  return {
    testSize: test.count,
    images: command.indices.map((index) => {
      const label = test.labels[index] as number;
      return {
        index,
        label,
        className: dataset.classNames[label] ?? String(label),
        ...toImageData(imageAt(test.images, transform, index), shape),
      };
    }),
  };
}

/**
 * Every primitive with an image output (H×W×C), in graph order, with the tfjs layer producing it (a conv's
 * output is after its activation; a block's parts are listed one by one).
 */
function imageLayers(
  compiled: CompiledGraph,
): { layer: string; nodeId: string; kind: string; name: string }[] {
  const out: { layer: string; nodeId: string; kind: string; name: string }[] = [];
  for (const node of compiled.analysis.expanded.nodes) {
    if (node.kind === 'input') continue;
    const shape = compiled.analysis.primitives.get(node.id)?.outputShape;
    const layer = compiled.topology.outputLayerOf[node.id];
    if (shape?.length === 3 && layer !== undefined)
      out.push({ layer, nodeId: node.id, kind: node.kind, name: node.name });
  }
  return out;
}

export async function runFeatureMaps(
  command: Extract<WorkerCommand, { kind: 'featureMaps' }>,
): Promise<FeatureMaps> {
  const record = readRecord(command.runDir);
  const { dataset, transform, shape } = testSplitOf(record);
  if (command.imageIndex >= dataset.test.count)
    throw new StrideFailure(
      TrainingErrorCode.imageIndex,
      `Test image ${command.imageIndex} does not exist: the test split has ${dataset.test.count} images.`,
    );
  // Inference on a finished run: the fastest tfjs backend here (the run's own may be busy, absent, or torch).
  if (tf.getBackend() === undefined || tf.getBackend() === null)
    await selectBackend('auto', undefined, { tfjsOnly: true });
  const model = await loadModel(join(command.runDir, 'model'));
  try {
    const raw = imageAt(dataset.test.images, transform, command.imageIndex);
    const input = raw.slice();
    normalizeInPlace(input, record.normalization, shape[2]);
    const compiled = checkGraph(record.graph);
    const shown = command.layers === 'all' ? imageLayers(compiled) : convLayers(compiled.topology);
    const layers = await convFeatureMaps(model, shown, input, shape, command.maxChannels);
    const probs = tf.tidy(() => {
      const y = model.predict(tf.tensor4d(input, [1, ...shape])) as tf.Tensor;
      return record.outputActivation === 'logits' ? tf.softmax(y) : y;
    });
    const probabilities = Array.from((await probs.data()) as Float32Array);
    probs.dispose();
    return {
      imageIndex: command.imageIndex,
      label: dataset.test.labels[command.imageIndex] as number,
      predicted: argmax(probabilities),
      probabilities: probabilities.map(round),
      image: toImageData(raw, shape),
      layers,
    };
  } finally {
    model.dispose();
  }
}
