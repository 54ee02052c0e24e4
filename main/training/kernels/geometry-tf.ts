import { backend_util } from '@tensorflow/tfjs';
import { attrsOf, input, type KernelArgs, type TensorInfo } from './kernel-types';
import type { ConvGeometry } from './math/geometry';

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;
type Pair = number | [number, number];

/** Attributes shared by Conv2D, Conv2DBackpropInput and Conv2DBackpropFilter (as the engine passes them). */
export interface ConvAttrs {
  readonly strides: Pair;
  readonly pad: Pad;
  readonly dilations?: Pair;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
  readonly dataFormat?: 'NHWC' | 'NCHW';
}

/**
 * Geometry from tfjs's own bookkeeping. `dilations` is optional because the stock backprop kernels have no
 * such attribute (tfjs refuses gradients of dilated convolutions); ours accept one when it is given.
 */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
  /** A depthwise filter [FH, FW, C, M]: C·M output channels. */
  depthwise = false,
): ConvGeometry {
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
  return fromInfo(info);
}

/** Pooling windows reuse the convolution geometry with one "filter" per channel. */
export function poolGeometry(
  xShape: readonly number[],
  filterSize: Pair,
  strides: Pair,
  pad: Pad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ConvGeometry {
  const info = backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  return fromInfo(info);
}

/** MaxPoolGrad's attributes as the engine passes them. */
interface PoolAttrs {
  readonly filterSize: Pair;
  readonly strides: Pair;
  readonly pad: Pad;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** What every MaxPoolGrad of ours reads first (the cpu and wasm kernels differ only in where the data lives). */
export function maxPoolGradInputs(args: KernelArgs): { x: TensorInfo; dy: TensorInfo; g: ConvGeometry } {
  const dy = input(args, 'dy');
  const x = input(args, 'input');
  const attrs = attrsOf<PoolAttrs>(args);
  const g = poolGeometry(x.shape, attrs.filterSize, attrs.strides, attrs.pad, attrs.dimRoundingMode);
  return { x, dy, g };
}

function fromInfo(info: backend_util.Conv2DInfo): ConvGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    padBottom: info.padInfo.bottom,
    padRight: info.padInfo.right,
  };
}
