import type { LayerCategory, LayerKind, LayerKindDef } from './types';
import type { Result } from '../api/errors';
import { fail, ok } from '../api/errors';
import { LAYER_CATEGORIES } from './types';
import { input } from './kinds/input';
import { conv2d } from './kinds/conv2d';
import { depthwiseconv2d } from './kinds/depthwiseconv2d';
import { separableconv2d } from './kinds/separableconv2d';
import { maxpool2d } from './kinds/maxpool2d';
import { avgpool2d } from './kinds/avgpool2d';
import { minpool2d } from './kinds/minpool2d';
import { globalavgpool } from './kinds/globalavgpool';
import { globalmaxpool } from './kinds/globalmaxpool';
import { zeropadding2d } from './kinds/zeropadding2d';
import { conv2dtranspose } from './kinds/conv2dtranspose';
import { upsampling2d } from './kinds/upsampling2d';
import { dense } from './kinds/dense';
import { flatten } from './kinds/flatten';
import { reshape } from './kinds/reshape';
import { dropout } from './kinds/dropout';
import { batchnorm } from './kinds/batchnorm';
import { lrn } from './kinds/lrn';
import { activation } from './kinds/activation';
import { softmax } from './kinds/softmax';
import { add } from './kinds/add';
import { multiply } from './kinds/multiply';
import { concatenate } from './kinds/concatenate';
import { inception } from './kinds/inception';
import { residual } from './kinds/residual';
import { group } from './kinds/group';

/** Every layer kind, keyed by its id (`satisfies` makes a missing or misnamed kind a compile error here). */
const kinds = {
  input,
  conv2d,
  depthwiseconv2d,
  separableconv2d,
  maxpool2d,
  avgpool2d,
  minpool2d,
  globalavgpool,
  globalmaxpool,
  zeropadding2d,
  conv2dtranspose,
  upsampling2d,
  dense,
  flatten,
  reshape,
  dropout,
  batchnorm,
  lrn,
  activation,
  softmax,
  add,
  multiply,
  concatenate,
  inception,
  residual,
  group,
} satisfies Record<LayerKind, LayerKindDef>;

/** The one place the UI, analysis, training and codegen look kinds up. */
export const catalog: Readonly<Record<LayerKind, LayerKindDef>> = kinds;

export function getKind(kind: string): LayerKindDef | undefined {
  return isLayerKind(kind) ? catalog[kind] : undefined;
}

export function isLayerKind(kind: string): kind is LayerKind {
  return Object.hasOwn(catalog, kind);
}

/** Palette groups in display order; kinds within a group in catalog order. */
export const kindsByCategory: Readonly<Record<LayerCategory, readonly LayerKindDef[]>> = Object.fromEntries(
  LAYER_CATEGORIES.map((category) => [
    category,
    Object.values(catalog).filter((def) => def.category === category),
  ]),
) as unknown as Record<LayerCategory, readonly LayerKindDef[]>;

export const isBlockKind = (def: LayerKindDef): boolean => def.expand !== undefined;

// Validated params, memoised on the params object: documents are immutable (the edit helpers copy on write),
// so an unchanged node is never validated twice.
const resolved = new WeakMap<object, Map<string, Result<Record<string, unknown>>>>();

/**
 * A node's params validated by its kind's schema, missing keys filled from the kind's defaults (so documents
 * written before a parameter existed still open). Errors name the parameter: `kernel: Too small: expected …`.
 */
export function resolveParams(
  def: LayerKindDef,
  params: Readonly<Record<string, unknown>>,
  nodeId: string | null = null,
): Result<Record<string, unknown>> {
  let byKind = resolved.get(params);
  const hit = byKind?.get(def.kind);
  if (hit !== undefined) return hit;
  const parsed = def.params.safeParse({ ...def.defaults, ...params });
  let result: Result<Record<string, unknown>>;
  if (parsed.success) result = ok(parsed.data);
  else {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    result = fail('PARAM_INVALID', `${def.label}: ${where}${issue?.message ?? 'invalid parameters'}`, nodeId);
  }
  if (byKind === undefined) {
    byKind = new Map();
    resolved.set(params, byKind);
  }
  if (nodeId === null) byKind.set(def.kind, result);
  return result;
}
