import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { StrideFailure } from '../../../shared/api/errors';
import type { LayerWindow } from '../../../shared/api/runs';
import { TrainingErrorCode } from '../../../shared/api/training';
import type { WorkerCommand } from '../../../shared/api/worker';
import { kerasPadding } from '../../../shared/layers/common/keras';
import type { ActivationName, Padding, Size2 } from '../../../shared/layers/common/params';
import type { PoolParams } from '../../../shared/layers/common/pool';
import { pair } from '../../../shared/layers/common/params';
import { slideWindow } from '../../../shared/layers/common/window';
import { resolvedPads, stridePoolAxis } from '../../../shared/layers/common/pytorch-pool';
import { regionAround, windowCut } from '../../../shared/teaching/run-window';
import { selectBackend } from '../backends/ladder';
import { checkGraph } from './compile';
import { normalizeInPlace } from './data';
import { round } from './evaluate';
import { imageAt, readRecord, testSplitOf } from './inspect-run';
import { loadModel } from './model-io';

/**
 * runs.layerWindow: the numbers behind a few output pixels of one convolution or pooling of a trained run, for
 * one test image. The layer's input and output come from the saved model itself (a probe model ending at the
 * layer's input and output), the weights from the layer; the cut of the input is exactly what the explainer's
 * local problem reads (shared/teaching/run-window.ts), so its sum can be checked against the model's value.
 */
const EXPLAINABLE = ['conv2d', 'depthwiseconv2d', 'maxpool2d', 'avgpool2d', 'minpool2d'] as const;
/** The tfjs classes that hold a convolution's kernel (plain, grouped, depthwise). */
const KERNEL_CLASSES = new Set(['Conv2D', 'StrideGroupedConv2D', 'DepthwiseConv2D']);
type ExplainableKind = (typeof EXPLAINABLE)[number];
const isExplainable = (kind: string): kind is ExplainableKind =>
  (EXPLAINABLE as readonly string[]).includes(kind);

const notExplainable = (message: string) => new StrideFailure(TrainingErrorCode.notExplainable, message);

/** [1, H, W, C] values → [c][y][x] over rows [y0, y1) and cols [x0, x1), for the listed channels. */
function cutOf(
  data: Float32Array | Int32Array | Uint8Array,
  shape: readonly number[],
  rows: readonly [number, number],
  cols: readonly [number, number],
  channels: readonly number[],
): number[][][] {
  const [, , w = 0, c = 0] = shape;
  return channels.map((ch) => {
    const grid: number[][] = [];
    for (let y = rows[0]; y < rows[1]; y++) {
      const row: number[] = [];
      for (let x = cols[0]; x < cols[1]; x++) row.push(round(data[(y * w + x) * c + ch] ?? 0));
      grid.push(row);
    }
    return grid;
  });
}

/**
 * A pooling's pads and how its padding cells take part, as the built layer computes: 'same' leaves them out;
 * PyTorch's ceil mode adds the rows/columns its last window reaches past the input (the overhang, never
 * winning), and its padding that never wins leaves the explicit pads out too. Explicit zero padding with a
 * ceil-mode overhang has both kinds of cells: zeros, and the overhang named apart.
 */
function poolPads(
  p: Record<string, unknown>,
  input: readonly [number, number, number],
  same: boolean,
  floorPads: readonly [number, number, number, number],
): {
  pads: readonly [number, number, number, number];
  padCells: 'zeros' | 'excluded';
  overhang: readonly [number, number];
} {
  const params = p as unknown as PoolParams;
  const ignore = params.ignorePadding === true && params.padding !== 'valid' && params.padding !== 'same';
  if (params.ceilMode !== true || params.padding === 'same')
    return { pads: floorPads, padCells: same || ignore ? 'excluded' : 'zeros', overhang: [0, 0] };
  const [t, b, l, r] = resolvedPads(params, input);
  const [kh, kw] = pair(params.size);
  const [sh, sw] = pair(params.stride);
  const eh = stridePoolAxis(input[0], kh, sh, t, b, true).extra;
  const ew = stridePoolAxis(input[1], kw, sw, l, r, true).extra;
  return {
    pads: [t, b + eh, l, r + ew],
    padCells: ignore || t + b + l + r === 0 ? 'excluded' : 'zeros',
    overhang: [eh, ew],
  };
}

export async function runLayerWindow(
  command: Extract<WorkerCommand, { kind: 'layerWindow' }>,
): Promise<LayerWindow> {
  const record = readRecord(command.runDir);
  const compiled = checkGraph(record.graph);
  const node = compiled.analysis.expanded.nodes.find((n) => n.id === command.nodeId);
  if (node === undefined) throw notExplainable(`The run's network has no layer ${command.nodeId}.`);
  const kind = node.kind;
  if (!isExplainable(kind))
    throw notExplainable(
      `${node.name} is a ${kind}: only convolutions and poolings are explained pixel by pixel.`,
    );
  const analysis = compiled.analysis.primitives.get(node.id);
  const inShape = analysis?.inputShapes[0];
  const outShape = analysis?.outputShape;
  if (inShape?.length !== 3 || outShape?.length !== 3)
    throw notExplainable(`${node.name} has no image input and output to explain.`);
  const [h = 0, w = 0, cin = 0] = inShape;
  const [oh = 0, ow = 0, cout = 0] = outShape;
  if (command.oy >= oh || command.ox >= ow || command.channel >= cout)
    throw notExplainable(
      `Pixel (${command.oy}, ${command.ox}) of channel ${command.channel} is outside ${node.name}'s ${oh}×${ow}×${cout} output.`,
    );

  const p = node.params;
  const depthwise = kind === 'depthwiseconv2d';
  const conv = kind === 'conv2d' || depthwise;
  const [kh, kw] = pair((conv ? p.kernel : p.size) as Size2);
  const [sh, sw] = pair(p.stride as Size2);
  const [dh, dw] = pair(kind === 'conv2d' ? (p.dilation as Size2) : 1);
  const kernel: [number, number] = [kh, kw];
  const stride: [number, number] = [sh, sw];
  const dilation: [number, number] = [dh, dw];
  const padding = p.padding as Padding;
  const win = slideWindow({ kernel, stride, dilation, padding }, h, w);
  const built = kerasPadding(padding, [h, w], kernel, stride, dilation);
  const { pads, padCells, overhang } = conv
    ? { pads: win.pads, padCells: 'zeros' as const, overhang: [0, 0] as const }
    : poolPads(p, [h, w, cin], built.padding === 'same' && built.pre.length === 0, win.pads);
  const geometry = { inputH: h, inputW: w, outH: oh, outW: ow, kernel, stride, dilation, pads };
  // A grouped convolution's filter reads its group's C/G channels; a depthwise one, one channel (G = C).
  const groups = depthwise ? cin : kind === 'conv2d' ? ((p.groups as number | undefined) ?? 1) : 1;
  const perGroup = cin / groups;
  const group = Math.floor(command.channel / (cout / groups));
  const inputChannels = conv
    ? Array.from({ length: perGroup }, (_, c) => group * perGroup + c)
    : [command.channel];
  const region = regionAround(geometry, command.oy, command.ox, command.size);
  const cut = windowCut(geometry, region);

  const { dataset, transform, shape } = testSplitOf(record);
  if (command.imageIndex >= dataset.test.count)
    throw new StrideFailure(
      TrainingErrorCode.imageIndex,
      `Test image ${command.imageIndex} does not exist: the test split has ${dataset.test.count} images.`,
    );
  const image = imageAt(dataset.test.images, transform, command.imageIndex).slice();
  normalizeInPlace(image, record.normalization, shape[2]);

  // Inference on a finished run: the fastest tfjs backend here (the run's own may be busy, absent, or torch).
  if (tf.getBackend() === undefined || tf.getBackend() === null)
    await selectBackend('auto', undefined, { tfjsOnly: true });
  const model = await loadModel(join(command.runDir, 'model'));
  try {
    const layers = compiled.topology.layers.filter((l) => l.primitiveId === node.id);
    const first = layers[0];
    const outputName = compiled.topology.outputLayerOf[node.id];
    if (first === undefined || outputName === undefined)
      throw notExplainable(`${node.name} has no layer in the trained model.`);
    const inputName = first.inboundNodes[0];
    const fromInput = inputName === undefined || compiled.topology.inputs.includes(inputName);
    const probe = tf.model({
      inputs: model.inputs,
      outputs: [
        ...(fromInput ? [] : [model.getLayer(inputName).output as tf.SymbolicTensor]),
        model.getLayer(outputName).output as tf.SymbolicTensor,
      ],
    });
    const outputs = tf.tidy(() => {
      const out = probe.predict(tf.tensor4d(image, [1, ...shape]));
      return Array.isArray(out) ? out : [out];
    });
    try {
      const inputTensor = fromInput ? null : outputs[0];
      const outputTensor = outputs[outputs.length - 1] as tf.Tensor;
      const inputData = inputTensor === null || inputTensor === undefined ? image : await inputTensor.data();
      const outputData = await outputTensor.data();
      const values = cutOf(
        inputData as Float32Array,
        [1, h, w, cin],
        [cut.y0, cut.y1],
        [cut.x0, cut.x1],
        inputChannels,
      );
      const output =
        cutOf(
          outputData as Float32Array,
          [1, oh, ow, cout],
          [region.oy, region.oy + region.h],
          [region.ox, region.ox + region.w],
          [command.channel],
        )[0] ?? [];
      let filter: number[][][] | null = null;
      let bias: number | null = null;
      if (conv) {
        const convLayer = layers.find((l) => KERNEL_CLASSES.has(l.className));
        const weights = convLayer === undefined ? [] : model.getLayer(convLayer.name).getWeights();
        const k = weights[0];
        if (k === undefined) throw notExplainable(`${node.name} has no trained kernel.`);
        const kv = k.dataSync();
        // Conv2D and StrideGroupedConv2D: [FH, FW, C/G, F]; DepthwiseConv2D: [FH, FW, C, M], output c·M + m.
        const m = cout / cin;
        const at = (y: number, x: number, c: number) =>
          depthwise
            ? ((y * kw + x) * cin + group) * m + (command.channel % m)
            : ((y * kw + x) * perGroup + c) * cout + command.channel;
        filter = Array.from({ length: perGroup }, (_, c) =>
          Array.from({ length: kh }, (_, y) =>
            Array.from({ length: kw }, (_, x) => round(kv[at(y, x, c)] ?? 0)),
          ),
        );
        bias = weights[1] === undefined ? null : round(weights[1].dataSync()[command.channel] ?? 0);
      }
      return {
        imageIndex: command.imageIndex,
        nodeId: node.id,
        layer: outputName,
        name: node.name,
        kind,
        inputShape: [h, w, cin],
        outputShape: [oh, ow, cout],
        kernel,
        stride,
        dilation,
        pads: [pads[0], pads[1], pads[2], pads[3]],
        padCells,
        ...(overhang[0] + overhang[1] === 0
          ? {}
          : { overhang: [overhang[0], overhang[1]] as [number, number] }),
        activation: (conv ? p.activation : 'linear') as ActivationName,
        channel: command.channel,
        inputChannels,
        region,
        pixel: { oy: command.oy, ox: command.ox },
        patch: { y0: cut.y0, x0: cut.x0, values },
        filter,
        bias,
        output,
      };
    } finally {
      tf.dispose(outputs);
    }
  } finally {
    model.dispose();
  }
}
