import { z } from 'zod';
import { NO_TRAITS, type LayerKindDef } from '../types';
import type { Conv2dParams } from './conv2d';
import type { PoolParams } from '../common/pool';
import { FiltersSchema } from '../common/params';
import { BODY_INPUT_ID, BodyBuilder } from '../common/body';

export const InceptionParamsSchema = z.strictObject({
  c1x1: FiltersSchema,
  c3x3reduce: FiltersSchema,
  c3x3: FiltersSchema,
  c5x5reduce: FiltersSchema,
  c5x5: FiltersSchema,
  poolProj: FiltersSchema,
  /** The naïve module (Szegedy et al. fig. 2a): no 1×1 reductions, the pool branch passes its channels on. */
  naive: z.boolean(),
});
export type InceptionParams = z.infer<typeof InceptionParamsSchema>;

const conv = (filters: number, kernel: number): Conv2dParams => ({
  filters,
  kernel,
  stride: 1,
  padding: 'same',
  dilation: 1,
  activation: 'relu',
  useBias: true,
});
const pool: PoolParams = { size: 3, stride: 1, padding: 'same' };

/**
 * GoogLeNet's module with dimension reductions (fig. 2b): four branches over the same input — 1×1; 1×1 → 3×3;
 * 1×1 → 5×5; 3×3 max pool → 1×1 — each conv with bias and ReLU, 'same' padding, joined along the channels
 * in that order. Output channels: #1×1 + #3×3 + #5×5 + pool proj.
 */
export const inception: LayerKindDef<InceptionParams> = {
  kind: 'inception',
  label: 'Inception',
  category: 'blocks',
  description: 'Parallel 1×1, 3×3, 5×5 convolutions and a pooling branch, concatenated (GoogLeNet, 2014).',
  params: InceptionParamsSchema,
  defaults: { c1x1: 64, c3x3reduce: 96, c3x3: 128, c5x5reduce: 16, c5x5: 32, poolProj: 32, naive: false },
  fields: [
    { key: 'c1x1', label: '#1×1', type: 'int', min: 1 },
    { key: 'c3x3reduce', label: '#3×3 reduce', type: 'int', min: 1 },
    { key: 'c3x3', label: '#3×3', type: 'int', min: 1 },
    { key: 'c5x5reduce', label: '#5×5 reduce', type: 'int', min: 1 },
    { key: 'c5x5', label: '#5×5', type: 'int', min: 1 },
    { key: 'poolProj', label: 'Pool proj', type: 'int', min: 1 },
    { key: 'naive', label: 'Naïve module (no reductions)', type: 'bool' },
  ],
  inputs: 'single',
  traits: NO_TRAITS,
  notation: (p) =>
    p.naive
      ? `Inception naive ${p.c1x1}, ${p.c3x3}, ${p.c5x5}, pool`
      : `Inception ${p.c1x1}, ${p.c3x3reduce}→${p.c3x3}, ${p.c5x5reduce}→${p.c5x5}, pool→${p.poolProj}`,
  expand(p) {
    const b = new BodyBuilder();
    const concat = 'concat';
    if (p.naive) {
      b.node('b1/conv', 'conv2d', conv(p.c1x1, 1), 0, 1);
      b.node('b2/conv', 'conv2d', conv(p.c3x3, 3), 1, 1);
      b.node('b3/conv', 'conv2d', conv(p.c5x5, 5), 2, 1);
      b.node('b4/pool', 'maxpool2d', pool, 3, 1);
      b.node(concat, 'concatenate', {}, 1.5, 2);
      ['b1/conv', 'b2/conv', 'b3/conv', 'b4/pool'].forEach((id, port) => {
        b.edge(BODY_INPUT_ID, id);
        b.edge(id, concat, port);
      });
      return b.build();
    }
    b.node('b1/conv', 'conv2d', conv(p.c1x1, 1), 0, 2);
    b.node('b2/reduce', 'conv2d', conv(p.c3x3reduce, 1), 1, 1);
    b.node('b2/conv', 'conv2d', conv(p.c3x3, 3), 1, 2);
    b.node('b3/reduce', 'conv2d', conv(p.c5x5reduce, 1), 2, 1);
    b.node('b3/conv', 'conv2d', conv(p.c5x5, 5), 2, 2);
    b.node('b4/pool', 'maxpool2d', pool, 3, 1);
    b.node('b4/proj', 'conv2d', conv(p.poolProj, 1), 3, 2);
    b.node(concat, 'concatenate', {}, 1.5, 3);
    const ends = [
      b.chain(BODY_INPUT_ID, 'b1/conv'),
      b.chain(BODY_INPUT_ID, 'b2/reduce', 'b2/conv'),
      b.chain(BODY_INPUT_ID, 'b3/reduce', 'b3/conv'),
      b.chain(BODY_INPUT_ID, 'b4/pool', 'b4/proj'),
    ];
    ends.forEach((id, port) => b.edge(id, concat, port));
    return b.build();
  },
};
