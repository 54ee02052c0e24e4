import type { GraphDoc, GraphNode } from '../../shared/graph/schema';
import { analyzeGraph } from '../../shared/analysis/analyze';
import { buildResnet } from '../../shared/presets/resnet';

/** ResNet-152 as the designer holds it: 50 bottleneck blocks (≈ 520 primitives once expanded). */
export const resnet152 = (): GraphDoc => buildResnet(152, 'ResNet-152', 'benchmark', '');

/** The same network with every block opened: one user node per primitive. */
export function flatResnet152(): GraphDoc {
  const doc = resnet152();
  const g = analyzeGraph(doc).expanded;
  const nodes: GraphNode[] = g.nodes.map((n, i) => ({
    id: n.id,
    kind: n.kind,
    name: n.name,
    params: n.params as GraphNode['params'],
    position: { x: 0, y: i * 100 },
  }));
  return { ...doc, name: 'ResNet-152 (flat)', nodes, edges: g.edges.map((e, i) => ({ id: `e${i}`, ...e })) };
}

/** A 5,000-node graph: residual units of conv → BatchNorm → ReLU → Add(skip), on 32×32×16. */
export function bigGraph(count = 5_000): GraphDoc {
  const nodes: GraphNode[] = [];
  const edges: GraphDoc['edges'] = [];
  const add = (kind: string, params: GraphNode['params'], inputs: string[]) => {
    const id = `n${nodes.length}`;
    nodes.push({ id, kind, name: id, params, position: { x: 0, y: nodes.length * 100 } });
    inputs.forEach((source, port) =>
      edges.push({ id: `e${edges.length}`, source, target: id, targetPort: port }),
    );
    return id;
  };
  let head = add('input', { shape: [32, 32, 16] }, []);
  const conv = {
    filters: 16,
    kernel: 3,
    stride: 1,
    padding: 'same',
    dilation: 1,
    activation: 'linear',
    useBias: false,
  };
  while (nodes.length + 4 <= count - 2) {
    const c = add('conv2d', conv, [head]);
    const b = add('batchnorm', { momentum: 0.99, epsilon: 0.001, center: true, scale: true }, [c]);
    const r = add('activation', { activation: 'relu', alpha: 0 }, [b]);
    head = add('add', {}, [r, head]);
  }
  while (nodes.length < count - 1) head = add('dropout', { rate: 0.1 }, [head]);
  add('globalavgpool', {}, [head]);
  return { version: 1, name: `${count}-node graph`, description: 'benchmark', nodes, edges };
}
