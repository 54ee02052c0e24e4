import { engine, getBackend, getGradient, registerGradient } from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';

/**
 * tfjs refuses the gradient of a dilated Conv2D ("dilation rates greater than 1 are not yet supported in
 * gradients"), so a graph with dilated convolutions cannot train. Our Conv2DBackpropInput/Filter kernels take a
 * `dilations` attribute, so on the backends that run them the gradient can pass it on. Everywhere else (and
 * for undilated convolutions everywhere) the stock gradient runs unchanged.
 */
let installed = false;

export function installDilatedConvGradient(ours: () => ReadonlySet<string>): void {
  if (installed) return;
  const stock = getGradient('Conv2D');
  if (stock === undefined) return;
  installed = true;
  const config: GradConfig = {
    kernelName: 'Conv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs) => {
      const a = attrs as { dilations?: number | [number, number] } & NamedAttrMap;
      const d = a.dilations ?? 1;
      const dilated = Array.isArray(d) ? d.some((v) => v !== 1) : d !== 1;
      if (!dilated || !ours().has(getBackend())) return stock.gradFunc(dy, saved, attrs);
      const [x, filter] = saved as [Tensor, Tensor];
      const common = {
        strides: a.strides,
        pad: a.pad,
        dataFormat: a.dataFormat,
        dimRoundingMode: a.dimRoundingMode,
        dilations: d,
      } as unknown as NamedAttrMap;
      return {
        x: () =>
          engine().runKernel(
            'Conv2DBackpropInput',
            { dy: dy as Tensor, filter },
            { ...common, inputShape: x.shape },
          ),
        filter: () =>
          engine().runKernel(
            'Conv2DBackpropFilter',
            { x, dy: dy as Tensor },
            { ...common, filterShape: filter.shape },
          ),
      } as ReturnType<GradConfig['gradFunc']>;
    },
  };
  registerGradient(config);
}
