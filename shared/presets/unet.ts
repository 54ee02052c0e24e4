import type { GraphDoc, GraphEdge, GraphNode } from '../graph/schema';
import type { LayerKind } from '../layers/types';
import type { PresetInfo } from './types';
import { GRAPH_VERSION } from '../graph/schema';
import { catalog } from '../layers/registry';
import { conv } from './builder';

const description =
  'A small U-Net (Ronneberger, Fischer and Brox, 2015) for 128×128 single-channel images: a contracting path ' +
  'of four levels (two 3×3 convolutions and a 2×2 max pool each, 16 → 32 → 64 → 128 filters), a 256-filter ' +
  'bottleneck at 8×8, and an expanding path that up-samples with 2×2 transposed convolutions (stride 2, half ' +
  'the channels) and concatenates the encoder map of the same size (the skip connections) before two more ' +
  'convolutions; a 1×1 convolution with a per-pixel softmax gives 2 class probabilities for every pixel. ' +
  "Simplified from the paper: 'same' padding (the paper's unpadded convolutions shrink 572 → 388 and crop the " +
  'skips), a quarter of its widths (64 → 1024 there) and one input channel. Shape analysis only: its output ' +
  'is a 128×128×2 map, and Stride trains classifiers (one label per image, no per-pixel loss).';
const headline =
  'ISBI 2015 cell tracking: 92.0% IoU on PhC-U373 and 77.6% on DIC-HeLa; won ISBI 2012 EM segmentation (warping error 0.000353)';

/** Why the gallery marks it "shape analysis only" and the trainer refuses it (TRAINING_PER_PIXEL_OUTPUT). */
const shapeAnalysisOnly =
  'Its output is one prediction per pixel (128×128×2); Stride trains classifiers with one label per image and has no per-pixel loss.';

const ROW = 120;
const COLUMN = 360;

type Params = Record<string, GraphNode['params'][string]>;

/** Nodes in data-flow order (each below the ones it reads), encoder left, decoder right; skips wire across. */
function build(): GraphDoc {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const add = (id: string, kind: LayerKind, params: Params, inputs: readonly string[], column = 0) => {
    nodes.push({
      id,
      kind,
      name: id,
      params: { ...(catalog[kind].defaults as GraphNode['params']), ...params },
      position: { x: column * COLUMN, y: nodes.length * ROW },
    });
    inputs.forEach((source, port) =>
      edges.push({ id: `e${edges.length + 1}`, source, target: id, targetPort: port }),
    );
    return id;
  };
  const twoConvs = (prefix: string, filters: number, input: string, column: number) => {
    const a = add(`${prefix}a`, 'conv2d', conv(filters, 3, { padding: 'same' }), [input], column);
    return add(`${prefix}b`, 'conv2d', conv(filters, 3, { padding: 'same' }), [a], column);
  };
  let x = add('input', 'input', { shape: [128, 128, 1] }, []);
  const skips: string[] = [];
  [16, 32, 64, 128].forEach((filters, i) => {
    const level = i + 1;
    const y = twoConvs(`enc${level}`, filters, x, 0);
    skips.push(y);
    x = add(`pool${level}`, 'maxpool2d', { size: 2, stride: 2, padding: 'valid' }, [y]);
  });
  x = twoConvs('mid', 256, x, 0);
  [128, 64, 32, 16].forEach((filters, i) => {
    const level = 4 - i;
    const up = add(
      `up${level}`,
      'conv2dtranspose',
      {
        filters,
        kernel: 2,
        stride: 2,
        padding: 'valid',
        outputPadding: 0,
        dilation: 1,
        activation: 'relu',
        useBias: true,
      },
      [x],
      1,
    );
    const cat = add(`cat${level}`, 'concatenate', {}, [up, skips[level - 1] as string], 1);
    x = twoConvs(`dec${level}`, filters, cat, 1);
  });
  add('out', 'conv2d', conv(2, 1, { activation: 'softmax' }), [x], 1);
  return {
    version: GRAPH_VERSION,
    name: 'U-Net (small, 128×128)',
    description,
    nodes,
    edges,
    meta: {
      presetId: 'unet',
      year: 2015,
      headline,
      source:
        'Ronneberger, Fischer, Brox: U-Net: Convolutional Networks for Biomedical Image Segmentation, MICCAI 2015',
    },
  };
}

export const unet: PresetInfo = {
  id: 'unet',
  name: 'U-Net (small, 128×128)',
  year: 2015,
  description,
  headline,
  shapeAnalysisOnly,
  published: [
    {
      metric: 'iou',
      dataset: 'ISBI cell tracking',
      value: 92.03,
      models: 1,
      source:
        'Ronneberger et al. 2015, table 2: mean IoU on the PhC-U373 data set of the ISBI 2015 cell tracking challenge (77.56% on DIC-HeLa)',
    },
  ],
  build,
};
