import type { DataType, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

/** What the engine passes to a kernel; inputs are looked up by name, so each may be missing. */
export interface KernelArgs {
  readonly inputs: Readonly<Record<string, TensorInfo | undefined>>;
  readonly attrs?: NamedAttrMap;
  readonly backend: unknown;
}

export type OurKernel = (args: KernelArgs) => TensorInfo;

export interface OurKernelConfig {
  readonly kernelName: string;
  readonly kernelFunc: OurKernel;
}

export const asKernelFunc = (f: OurKernel): KernelFunc => f as unknown as KernelFunc;

export function input(args: KernelArgs, name: string): TensorInfo {
  const t = args.inputs[name];
  if (t === undefined) throw new Error(`kernel input '${name}' is missing`);
  return t;
}

/** Attributes arrive untyped (NamedAttrMap); each kernel reads them through this one narrow door. */
export function attrsOf<T>(args: KernelArgs): T {
  return (args.attrs ?? {}) as unknown as T;
}

export type { DataType, TensorInfo };
