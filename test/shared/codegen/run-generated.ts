import type * as tfType from '@tensorflow/tfjs';
import ts from 'typescript';

export interface GeneratedModule {
  readonly buildModel: () => tfType.LayersModel;
  readonly train?: (
    model: tfType.LayersModel,
    data: { xs: tfType.Tensor; ys: tfType.Tensor },
    options?: Record<string, unknown>,
  ) => Promise<tfType.History>;
}

/**
 * Runs exported TypeScript the way a user's bundler would: transpiled to JavaScript and evaluated, its one
 * import (`@tensorflow/tfjs`) answered with the test's own tfjs so the cpu backend is shared.
 */
export function loadGenerated(
  code: string,
  tf: typeof tfType,
  options: { zeroInit?: boolean } = {},
): GeneratedModule {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string): unknown => {
    if (id === '@tensorflow/tfjs') return options.zeroInit === true ? withZeroKernels(tf) : tf;
    throw new Error(`generated code imports ${id}`);
  };
  new Function('require', 'module', 'exports', js)(require, module, module.exports);
  return module.exports as unknown as GeneratedModule;
}

/**
 * tfjs with conv/dense kernels initialised to zeros: building VGG-16's 138 M random weights takes seconds on
 * the cpu backend, and a structural check (shapes, parameter counts) does not look at the values.
 */
function withZeroKernels(tf: typeof tfType): typeof tfType {
  const zeros =
    <A extends object>(create: (args: A) => tfType.layers.Layer) =>
    (args: A) =>
      create({ ...args, kernelInitializer: 'zeros' });
  const layers = { ...tf.layers, conv2d: zeros(tf.layers.conv2d), dense: zeros(tf.layers.dense) };
  return new Proxy(tf, { get: (target, key) => (key === 'layers' ? layers : Reflect.get(target, key)) });
}
