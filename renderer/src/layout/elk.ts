import type { ELK, ElkNode } from 'elkjs/lib/elk-api';

/**
 * elkjs runs in a Web Worker (its own bundled worker script, served from our origin, so the CSP's
 * `worker-src 'self'` holds): laying out ResNet-50 never blocks the canvas. Where Workers do not exist
 * (jsdom tests) the in-process build is loaded instead.
 */
let elk: Promise<ELK> | null = null;

async function createElk(): Promise<ELK> {
  if (typeof Worker === 'function') {
    const [{ default: ElkApi }, { default: workerUrl }] = await Promise.all([
      import('elkjs/lib/elk-api'),
      import('elkjs/lib/elk-worker.min.js?url'),
    ]);
    return new ElkApi({ workerUrl });
  }
  const { default: ElkBundled } = await import('elkjs/lib/elk.bundled.js');
  return new ElkBundled();
}

export function getElk(): Promise<ELK> {
  elk ??= createElk();
  return elk;
}

export const LAYERED_DOWN = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.separateConnectedComponents': 'false',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.layered.spacing.edgeNodeBetweenLayers': '24',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
} as const;

/** Left to right: layers become columns, so the gap between layers is the one a wire turns in. */
export const LAYERED_RIGHT = {
  ...LAYERED_DOWN,
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '32',
  'elk.layered.spacing.nodeNodeBetweenLayers': '64',
} as const;

export async function layoutGraph(graph: ElkNode): Promise<ElkNode> {
  const instance = await getElk();
  return instance.layout(graph);
}
