import * as tf from '@tensorflow/tfjs';
import { StrideFailure } from '../../../shared/api/errors';
import { TrainingErrorCode } from '../../../shared/api/training';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { unsupportedForTraining, withFix } from '../../../shared/analysis/training-support';
import type { GraphAnalysis } from '../../../shared/analysis/types';
import { toKerasTopology, type KerasLayer, type KerasTopology } from '../../../shared/codegen/keras-topology';
import { outputKind } from '../../../shared/codegen/training';
import type { GraphDoc } from '../../../shared/graph/schema';
import { KERAS_CLASSES } from '../../../shared/layers/keras-classes';
import { buildModel } from '../model/build';

/**
 * GraphDoc → checked topology → tf.LayersModel with seeded weights. Analysis errors and layer settings tfjs
 * cannot train refuse here with the node at fault, before any dataset is read.
 */
export interface CompiledGraph {
  readonly analysis: GraphAnalysis;
  readonly topology: KerasTopology;
  /** [H, W, C] of the Input node. */
  readonly inputShape: readonly number[];
  readonly inputNodeId: string | null;
  /** The output's size (a vector of class scores), or null when the output is not a vector. */
  readonly outputUnits: number | null;
  readonly outputNodeId: string | null;
  readonly outputActivation: 'softmax' | 'logits';
}

export function checkGraph(graph: GraphDoc): CompiledGraph {
  const analysis = analyzeGraph(graph);
  if (!analysis.ok) {
    const first = analysis.diagnostics.find((d) => d.severity === 'error');
    throw new StrideFailure(
      TrainingErrorCode.graphHasErrors,
      `The graph has errors, so it cannot train: ${first === undefined ? 'unknown' : `[${first.code}] ${first.message}`}`,
      first?.nodeId ?? null,
    );
  }
  const unsupported = unsupportedForTraining(analysis)[0];
  if (unsupported !== undefined)
    throw new StrideFailure(unsupported.code, withFix(unsupported), unsupported.nodeId);
  const topology = toKerasTopology(graph, analysis);
  if (!topology.ok)
    throw new StrideFailure(topology.error.code, topology.error.message, topology.error.nodeId);
  const inputId = analysis.expanded.input;
  const inputShape = (inputId === null ? null : analysis.primitives.get(inputId)?.outputShape) ?? [];
  const outputShape = analysis.output === null ? null : analysis.nodes.get(analysis.output)?.outputShape;
  return {
    analysis,
    topology: topology.value,
    inputShape,
    inputNodeId: inputId === null ? null : (analysis.expanded.origin.get(inputId) ?? inputId),
    outputUnits: outputShape?.length === 1 ? (outputShape[0] ?? null) : null,
    outputNodeId: analysis.output,
    outputActivation: outputKind(topology.value),
  };
}

/** The output must give one score per class of the dataset. */
export function checkOutput(compiled: CompiledGraph, classes: number): void {
  if (compiled.outputUnits === classes) return;
  const shape = compiled.outputNodeId === null ? null : compiled.analysis.nodes.get(compiled.outputNodeId);
  const has =
    compiled.outputUnits === null
      ? `an output of shape ${shape?.outputShape?.join('×') ?? '?'} (not a vector)`
      : `${compiled.outputUnits} outputs`;
  throw new StrideFailure(
    TrainingErrorCode.outputMismatch,
    `The dataset has ${classes} classes but the graph ends in ${has}. Fix: end the graph with Flatten (or global pooling) and a Dense layer of ${classes} units (softmax).`,
    compiled.outputNodeId,
  );
}

/**
 * tfjs initialisers draw from Math.random unless given a seed: give every kernel (KERAS_CLASSES'
 * kernelInitializers) its own seed derived from the run's, so the same seed builds the same initial weights. (Dropout is not seeded on purpose: a
 * seeded tf.dropout draws the same mask at every step.)
 */
export function seededTopology(topology: KerasTopology, seed: number): KerasTopology {
  let index = 0;
  const layers = topology.layers.map((layer): KerasLayer => {
    const kernels = KERAS_CLASSES[layer.className].kernelInitializers;
    if (kernels.length === 0) return layer;
    const seeded = kernels.map((key) => {
      index += 1;
      const layerSeed = (Math.imul(seed + 1, 2654435761) + index * 40503) >>> 0;
      return [key, tf.initializers.glorotUniform({ seed: layerSeed })] as const;
    });
    return { ...layer, config: { ...layer.config, ...Object.fromEntries(seeded) } };
  });
  return { ...topology, layers };
}

export function buildSeededModel(compiled: CompiledGraph, seed: number): tf.LayersModel {
  return buildModel(seededTopology(compiled.topology, seed));
}

/** The conv layers of a topology with the graph node each belongs to (block parts keep their part id). */
export function convLayers(topology: KerasTopology): { layer: string; nodeId: string }[] {
  return topology.layers
    .filter((l) => l.className === 'Conv2D')
    .map((l) => ({ layer: l.name, nodeId: l.primitiveId }));
}

/** The tfjs layers a frozen node (trainable: false) compiled to: training leaves their weights as they are. */
export function frozenLayers(compiled: CompiledGraph): string[] {
  return compiled.topology.layers.filter((l) => l.config.trainable === false).map((l) => l.name);
}

/**
 * A frozen BatchNorm keeps its moving mean and variance too: tfjs updates them in training mode whatever the
 * trainable flag, by `moving − (moving − batch)·(1 − momentum)`, which momentum 1 leaves exactly as it is. Set
 * for training; the returned function restores the layers' own momentum before the model is saved.
 */
export function holdFrozenStatistics(model: tf.LayersModel, frozen: readonly string[]): () => void {
  const held: { layer: { momentum: number }; momentum: number }[] = [];
  for (const name of frozen) {
    const layer: unknown = model.layers.find((l) => l.name === name);
    if (
      layer instanceof tf.layers.Layer &&
      layer.getClassName() === 'BatchNormalization' &&
      'momentum' in layer
    ) {
      const bn = layer as unknown as { momentum: number };
      held.push({ layer: bn, momentum: bn.momentum });
      bn.momentum = 1;
    }
  }
  return () => {
    for (const h of held) h.layer.momentum = h.momentum;
  };
}
