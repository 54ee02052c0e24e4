import type { GraphDoc, GraphNode } from '../../../../shared/graph/schema';
import type { LayerKind } from '../../../../shared/layers/types';
import { catalog } from '../../../../shared/layers/registry';
import { ACTIVATIONS } from '../../../../shared/layers/common/params';

/** mulberry32: a tiny seeded PRNG so every run builds the same 200 graphs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Params = GraphNode['params'];

/**
 * Random networks over every primitive kind, every block kind (Inception, Residual, user blocks from the
 * document's library, some placed twice or nested) and every padding form, kept small so tfjs builds and runs
 * each in milliseconds. Most come out valid; the caller keeps the ones analysis accepts.
 */
export function randomGraph(seed: number): GraphDoc {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const size2 = (lo: number, hi: number) => (r() < 0.7 ? int(lo, hi) : [int(lo, hi), int(lo, hi)]);
  const padding = () =>
    pick([
      () => 'valid',
      () => 'same',
      () => 'full',
      () => int(0, 2),
      () => [int(0, 2), int(0, 2), int(0, 2), int(0, 2)],
    ])();

  const nodes: GraphNode[] = [];
  const edges: GraphDoc['edges'] = [];
  const add = (kind: LayerKind, params: Params, inputs: readonly string[]): string => {
    const id = `n${nodes.length}`;
    nodes.push({
      id,
      kind,
      name: id,
      params: { ...(catalog[kind].defaults as Params), ...params },
      position: { x: 0, y: nodes.length * 100 },
    });
    inputs.forEach((source, port) =>
      edges.push({ id: `e${edges.length}`, source, target: id, targetPort: port }),
    );
    return id;
  };

  // The block library: bodies that fit any input of their rank, so a definition can be placed again later.
  // User blocks draw from their own stream, so the rest of each seed's graph stays what it always was.
  const rb = rng(seed ^ 0x5bd1e995);
  const intB = (lo: number, hi: number) => lo + Math.floor(rb() * (hi - lo + 1));
  const pickB = <T>(xs: readonly T[]): T => xs[Math.floor(rb() * xs.length)] as T;
  const blocks: Record<string, { name: string; body: { nodes: GraphNode[]; edges: GraphDoc['edges'] } }> = {};
  const imageBlocks: string[] = [];
  const vectorBlocks: string[] = [];
  const libraryBlock = (image: boolean): string => {
    const known = image ? imageBlocks : vectorBlocks;
    if (known.length > 0 && rb() < 0.4) return pickB(known);
    const id = `blk${Object.keys(blocks).length}`;
    const body = { nodes: [] as GraphNode[], edges: [] as GraphDoc['edges'] };
    const part = (kind: LayerKind, params: Params, inputs: readonly string[]): string => {
      const pid = `p${body.nodes.length}`;
      body.nodes.push({
        id: pid,
        kind,
        name: pid,
        params: { ...(catalog[kind].defaults as Params), ...params },
        position: { x: 0, y: body.nodes.length * 100 },
      });
      inputs.forEach((source, port) =>
        body.edges.push({ id: `e${body.edges.length}`, source, target: pid, targetPort: port }),
      );
      return pid;
    };
    let x = 'in';
    if (image) {
      const filters = intB(1, 6);
      x = part('conv2d', { filters, kernel: intB(1, 3), padding: 'same', activation: pickB(ACTIVATIONS) }, [
        x,
      ]);
      if (rb() < 0.5) x = part('batchnorm', {}, [x]);
      if (rb() < 0.4) {
        const shortcut = part('conv2d', { filters, kernel: 1, padding: 'valid' }, ['in']);
        x = part('add', {}, [x, shortcut]);
      }
      // Now and then a block inside the block: an earlier definition (never this one, so no recursion).
      const inner = imageBlocks.length > 0 && rb() < 0.3 ? pickB(imageBlocks) : null;
      if (inner !== null) x = part('group', { blockId: inner }, [x]);
      if (rb() < 0.5) part('maxpool2d', { size: 2, stride: intB(1, 2), padding: 'same' }, [x]);
    } else {
      x = part('dense', { units: intB(1, 12), activation: pickB(ACTIVATIONS) }, [x]);
      const tail = rb();
      if (tail < 0.25) part('dropout', { rate: 0.2 }, [x]);
      else if (tail < 0.5) part('activation', { activation: 'tanh' }, [x]);
    }
    blocks[id] = { name: `block ${id}`, body };
    known.push(id);
    return id;
  };

  const rp = rng(seed ^ 0x2545f491);
  const image = r() < 0.9;
  let head = add('input', { shape: image ? [int(10, 36), int(10, 36), int(1, 4)] : [int(4, 40)] }, []);
  let isImage = image;
  const conv = (extra: Params = {}): Params => {
    const stride = size2(1, 3);
    return {
      filters: int(1, 8),
      kernel: size2(1, 5),
      stride,
      padding: padding(),
      dilation: stride === 1 && r() < 0.3 ? size2(1, 2) : 1,
      activation: pick(ACTIVATIONS),
      useBias: r() < 0.7,
      ...extra,
    };
  };
  const imageOps: (() => void)[] = [
    () => (head = add('conv2d', conv(), [head])),
    () => {
      const kind = pick(['maxpool2d', 'avgpool2d', 'minpool2d'] as const);
      const params: Params = { size: size2(1, 3), stride: size2(1, 3), padding: padding() };
      // PyTorch's options from a stream of their own (the rest of each seed's graph stays as it was). Ceil
      // mode goes with padding that never wins: zeros before a ceil-mode window do not read back from ONNX.
      if (kind !== 'avgpool2d' && rp() < 0.4) {
        const ceilMode = rp() < 0.5;
        head = add(kind, { ...params, ceilMode, ignorePadding: ceilMode || rp() < 0.7 }, [head]);
      } else head = add(kind, params, [head]);
    },
    () =>
      (head = add(
        'zeropadding2d',
        { padding: r() < 0.5 ? int(0, 2) : [int(0, 2), int(0, 2), int(0, 2), int(0, 2)] },
        [head],
      )),
    () =>
      (head = add('batchnorm', { center: r() < 0.8, scale: r() < 0.8, momentum: 0.9, epsilon: 0.001 }, [
        head,
      ])),
    () => (head = add('lrn', { size: pick([1, 3, 5]), alpha: 0.0001, beta: 0.75, k: 2 }, [head])),
    () => (head = add('activation', { activation: pick(ACTIVATIONS), alpha: 0.2 }, [head])),
    () => (head = add('dropout', { rate: 0.25 }, [head])),
    () =>
      (head = add(
        'inception',
        {
          c1x1: int(1, 4),
          c3x3reduce: int(1, 4),
          c3x3: int(1, 4),
          c5x5reduce: int(1, 4),
          c5x5: int(1, 4),
          poolProj: int(1, 4),
          naive: r() < 0.3,
        },
        [head],
      )),
    () =>
      (head = add(
        'residual',
        { variant: pick(['basic', 'bottleneck']), width: int(1, 6), stride: int(1, 2) },
        [head],
      )),
    () => {
      // A residual-style Add: conv 'same' stride 1 beside a 1×1 projection with as many filters.
      const filters = int(1, 6);
      const a = add('conv2d', conv({ filters, stride: 1, padding: 'same', dilation: 1 }), [head]);
      const b = add('conv2d', conv({ filters, kernel: 1, stride: 1, padding: 'valid', dilation: 1 }), [head]);
      head = add('add', {}, [a, b]);
    },
    () => {
      const a = add('conv2d', conv({ stride: 1, padding: 'same', dilation: 1 }), [head]);
      const b = add('maxpool2d', { size: 3, stride: 1, padding: 'same' }, [head]);
      head = add('concatenate', {}, r() < 0.5 ? [a, b] : [a, b, head]);
    },
    () => {
      // Squeeze-and-excitation: pool, a gate per channel, reshaped to 1×1×F and multiplied back in.
      const filters = int(1, 6);
      const a = add('conv2d', conv({ filters, stride: 1, padding: 'same', dilation: 1 }), [head]);
      const squeezed = add('globalavgpool', {}, [a]);
      const gate = add('dense', { units: filters, activation: pick(['sigmoid', 'hard_swish'] as const) }, [
        squeezed,
      ]);
      const scale = add('reshape', { shape: [1, 1, r() < 0.5 ? filters : -1] }, [gate]);
      head = add('multiply', {}, r() < 0.5 ? [a, scale] : [scale, a]);
    },
  ];
  const vectorOps: (() => void)[] = [
    () =>
      (head = add('dense', { units: int(1, 16), activation: pick(ACTIVATIONS), useBias: r() < 0.8 }, [head])),
    () => (head = add('dropout', { rate: 0.5 }, [head])),
    () => (head = add('batchnorm', {}, [head])),
    () => (head = add('activation', { activation: pick(ACTIVATIONS), alpha: 0.1 }, [head])),
    () => (head = add('softmax', {}, [head])),
    () => {
      // A vector laid out as an image, and that image rearranged (channels-last order throughout).
      const [h, w, c] = [int(2, 4), int(2, 4), int(1, 3)];
      head = add('dense', { units: h * w * c, activation: pick(ACTIVATIONS) }, [head]);
      head = add('reshape', { shape: r() < 0.5 ? [h, w, c] : [h, -1, c] }, [head]);
      if (r() < 0.5) head = add('reshape', { shape: [w, h, c] }, [head]);
      isImage = true;
    },
    () => {
      const units = int(1, 8);
      const a = add('dense', { units, activation: 'tanh' }, [head]);
      const b = add('dense', { units, activation: 'linear' }, [head]);
      head = add('multiply', {}, [a, b]);
    },
    () => {
      const units = int(1, 8);
      const a = add('dense', { units, activation: 'relu' }, [head]);
      const b = add('dense', { units: r() < 0.5 ? units : int(1, 8), activation: 'linear' }, [head]);
      head = add(r() < 0.5 ? 'concatenate' : 'add', {}, [a, b]);
    },
  ];
  // Up-sampling layers (Conv2DTranspose in every padding form, UpSampling2D) draw from a stream of their own
  // too, so the graphs above stay what they were; small factors keep the images small.
  const ru = rng(seed ^ 0x2545f491);
  const intU = (lo: number, hi: number) => lo + Math.floor(ru() * (hi - lo + 1));
  const pickU = <T>(xs: readonly T[]): T => xs[Math.floor(ru() * xs.length)] as T;
  const upOps: (() => void)[] = [
    () => {
      const stride = ru() < 0.8 ? intU(1, 2) : [intU(1, 2), intU(1, 3)];
      const dilation = ru() < 0.25 ? intU(2, 3) : 1;
      const explicit = ru() < 0.5;
      const limit = (i: 0 | 1) => Math.max(typeof stride === 'number' ? stride : (stride[i] ?? 1), dilation);
      head = add(
        'conv2dtranspose',
        {
          filters: intU(1, 6),
          kernel: ru() < 0.8 ? intU(1, 4) : [intU(1, 4), intU(1, 4)],
          stride,
          padding: explicit
            ? pickU([() => intU(0, 1), () => [intU(0, 1), intU(0, 2), intU(0, 2), intU(0, 1)]])()
            : pickU(['valid', 'same'] as const),
          outputPadding: explicit ? [intU(0, limit(0) - 1), intU(0, limit(1) - 1)] : 0,
          dilation,
          activation: pickU(ACTIVATIONS),
          useBias: ru() < 0.7,
        },
        [head],
      );
    },
    () =>
      (head = add(
        'upsampling2d',
        {
          size: ru() < 0.7 ? intU(1, 2) : [intU(1, 3), intU(1, 2)],
          interpolation: pickU(['nearest', 'bilinear'] as const),
        },
        [head],
      )),
  ];
  // Kinds added after the corpus was first drawn take their own stream, so each seed's other choices (and
  // the graphs earlier tests were written against) stay as they were; they go in after an image step.
  const rn = rng(seed ^ 0x2c1b3c6d);
  const intN = (lo: number, hi: number) => lo + Math.floor(rn() * (hi - lo + 1));
  const channelsOf = (id: string): number | null => {
    const n = nodes.find((x) => x.id === id);
    return n?.kind === 'input' ? ((n.params.shape as number[])[2] ?? null) : null;
  };
  let channels: number | null = channelsOf(head);
  const newOps: (() => void)[] = [
    () => {
      // A grouped convolution on the channels it is given (a 1×1 conv first fixes them); now and then g = C,
      // which ONNX writes like a depthwise convolution.
      const g = intN(2, 3);
      const c = g * (rn() < 0.25 ? 1 : intN(2, 3));
      if (channels !== c)
        head = add('conv2d', { filters: c, kernel: 1, padding: 'valid', activation: 'linear' }, [head]);
      const filters = g * intN(1, 3);
      const kernel = intN(1, 3);
      head = add(
        'conv2d',
        {
          filters,
          kernel,
          stride: intN(1, 2),
          // Padding that fits any input size, so the step never turns a valid graph invalid.
          padding: rn() < 0.5 ? 'same' : kernel === 1 ? 0 : 1,
          activation: 'relu',
          useBias: rn() < 0.5,
          groups: g,
        },
        [head],
      );
      channels = filters;
    },
    () => {
      const kernel = intN(1, 3);
      head = add(
        'depthwiseconv2d',
        {
          kernel,
          stride: intN(1, 2),
          padding: rn() < 0.5 ? 'same' : kernel === 1 ? 0 : 1,
          depthMultiplier: intN(1, 2),
          activation: rn() < 0.5 ? 'relu6' : 'linear',
          useBias: rn() < 0.5,
        },
        [head],
      );
      channels = null;
    },
    () => {
      const kernel = intN(1, 3);
      head = add(
        'separableconv2d',
        {
          filters: intN(1, 6),
          kernel,
          stride: intN(1, 2),
          padding: rn() < 0.5 ? 'same' : kernel === 1 ? 0 : 1,
          depthMultiplier: intN(1, 2),
          activation: rn() < 0.5 ? 'relu6' : 'relu',
          useBias: rn() < 0.5,
        },
        [head],
      );
      channels = null;
    },
  ];
  // Image → vector: Flatten, a global pooling, or a Reshape to [−1] (Flatten's result, written as a Reshape).
  const toVector = (): string => {
    const kind = pick(['flatten', 'globalavgpool', 'globalmaxpool', 'reshape'] as const);
    return add(kind, kind === 'reshape' ? { shape: [-1] } : {}, [head]);
  };
  const steps = int(2, 7);
  for (let i = 0; i < steps; i += 1) {
    if (isImage && r() < 0.15) {
      head = toVector();
      isImage = false;
    }
    const before = nodes.length;
    if (isImage && ru() < 0.12) pickU(upOps)();
    pick(isImage ? imageOps : vectorOps)();
    if (nodes.length !== before) channels = null;
    if (isImage && rn() < 0.25) newOps[Math.floor(rn() * newOps.length)]?.();
    if (rb() < 0.15) head = add('group', { blockId: libraryBlock(isImage) }, [head]);
  }
  if (isImage) head = toVector();
  add('dense', { units: int(2, 10), activation: 'softmax' }, [head]);
  const doc: GraphDoc = { version: 1, name: `random-${seed}`, description: '', nodes, edges };
  return Object.keys(blocks).length > 0 ? { ...doc, blocks } : doc;
}
