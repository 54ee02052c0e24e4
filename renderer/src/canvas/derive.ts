import type { Diagnostic, GraphAnalysis, NodeAnalysis } from '../../../shared/analysis/types';
import type { GraphEdge, GraphNode } from '../../../shared/graph/schema';
import { BLOCK_INPUT_ID, isBlockKind, kindDef } from '../model/core';
import { formatShape } from '../model/format';
import type { LayerFlowNode, LayerNodeData, NodeProblem, ShapeFlowEdge } from './types';

/**
 * Document + analysis → React Flow nodes and edges, memoised per element: a node whose inputs did not change
 * keeps its object identity, so React Flow and the memoised node components skip it. This is what keeps an
 * edit on a 500-node graph inside one frame.
 */
export interface Dims {
  readonly width: number;
  readonly height: number;
}

interface NodeInputs {
  readonly node: GraphNode;
  readonly data: LayerNodeData;
  readonly selected: boolean;
  readonly x: number;
  readonly y: number;
  readonly dims: Dims | undefined;
}

const toProblem = (d: Diagnostic): NodeProblem => ({
  code: d.code,
  severity: d.severity,
  message: d.message,
  formula: d.formula ?? null,
  fix: d.fix ?? null,
});

function sameProblems(a: readonly NodeProblem[], b: readonly NodeProblem[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((p, i) => {
    const q = b[i];
    return (
      q !== undefined &&
      p.code === q.code &&
      p.severity === q.severity &&
      p.message === q.message &&
      p.formula === q.formula &&
      p.fix === q.fix
    );
  });
}

function sameData(a: LayerNodeData, b: LayerNodeData): boolean {
  return (
    a.kind === b.kind &&
    a.kindLabel === b.kindLabel &&
    a.category === b.category &&
    a.name === b.name &&
    a.notation === b.notation &&
    a.shape === b.shape &&
    a.params === b.params &&
    a.macs === b.macs &&
    a.hasInput === b.hasInput &&
    a.severity === b.severity &&
    a.edited === b.edited &&
    a.unknownKind === b.unknownKind &&
    sameProblems(a.problems, b.problems)
  );
}

export function nodeData(node: GraphNode, analysis: NodeAnalysis | undefined): LayerNodeData {
  const def = kindDef(node.kind);
  const problems = (analysis?.diagnostics ?? []).map(toProblem);
  const severity = problems.some((p) => p.severity === 'error')
    ? 'error'
    : problems.some((p) => p.severity === 'warning')
      ? 'warning'
      : null;
  let notation = analysis?.notation ?? '';
  if (notation === '' && def !== undefined) {
    try {
      notation = def.notation({ ...def.defaults, ...node.params });
    } catch {
      notation = def.label;
    }
  }
  return {
    kind: node.kind,
    kindLabel: def?.label ?? node.kind,
    category: def?.category ?? 'unknown',
    name: node.name,
    notation,
    shape: formatShape(analysis?.outputShape),
    params: analysis?.params.total ?? 0,
    macs: analysis?.macs ?? 0,
    hasInput: def?.inputs !== 'none',
    severity,
    problems,
    edited: node.body !== undefined,
    unknownKind: def === undefined,
  };
}

export function createNodeDeriver() {
  let cache = new Map<string, { inputs: NodeInputs; node: LayerFlowNode }>();
  let lastOut: LayerFlowNode[] = [];
  // Analysis objects seen last time, per node: an incremental analyzer keeps them for unchanged nodes.
  let prevAnalysis = new Map<string, NodeAnalysis | undefined>();

  return function derive(
    nodes: readonly GraphNode[],
    analysis: GraphAnalysis,
    selected: ReadonlySet<string>,
    dragging: ReadonlyMap<string, { x: number; y: number }> | null,
    measured: ReadonlyMap<string, Dims>,
    inBlock = false,
  ): LayerFlowNode[] {
    const next = new Map<string, { inputs: NodeInputs; node: LayerFlowNode }>();
    let changed = nodes.length !== lastOut.length;
    const out = nodes.map((node, index) => {
      const prev = cache.get(node.id);
      const position = dragging?.get(node.id) ?? node.position;
      const isSelected = selected.has(node.id);
      const dims = measured.get(node.id);
      const analysisOf = analysis.nodes.get(node.id);
      // The data is rebuilt only when the node or its analysis changed; otherwise the old object is reused.
      let data =
        prev !== undefined && prev.inputs.node === node && prevAnalysis.get(node.id) === analysisOf
          ? prev.inputs.data
          : nodeData(node, analysisOf);
      if (prev !== undefined && data !== prev.inputs.data && sameData(prev.inputs.data, data))
        data = prev.inputs.data;
      const inputs: NodeInputs = { node, data, selected: isSelected, x: position.x, y: position.y, dims };
      let flowNode: LayerFlowNode;
      if (
        prev !== undefined &&
        prev.inputs.data === data &&
        prev.inputs.selected === isSelected &&
        prev.inputs.x === inputs.x &&
        prev.inputs.y === inputs.y &&
        prev.inputs.dims === dims
      ) {
        flowNode = prev.node;
      } else {
        flowNode = {
          id: node.id,
          type: isBlockKind(node.kind) ? 'block' : 'layer',
          position: { x: inputs.x, y: inputs.y },
          data,
          selected: isSelected,
          // Inside a block, the synthetic node standing for the block's input is not part of the body.
          ...(inBlock && node.id === BLOCK_INPUT_ID ? { draggable: false, deletable: false } : {}),
          ariaLabel: `${data.kindLabel} ${data.name}, output ${data.shape}${
            data.severity === 'error'
              ? ', has an error'
              : data.severity === 'warning'
                ? ', has a warning'
                : ''
          }`,
          ...(dims !== undefined ? { measured: { width: dims.width, height: dims.height } } : {}),
        };
      }
      if (lastOut[index] !== flowNode) changed = true;
      next.set(node.id, { inputs, node: flowNode });
      return flowNode;
    });
    prevAnalysis = new Map(nodes.map((n) => [n.id, analysis.nodes.get(n.id)]));
    cache = next;
    if (!changed) return lastOut;
    lastOut = out;
    return out;
  };
}

export function createEdgeDeriver() {
  let cache = new Map<
    string,
    {
      edge: GraphEdge;
      label: string;
      severity: 'error' | 'warning' | null;
      selected: boolean;
      out: ShapeFlowEdge;
    }
  >();
  return function derive(
    edges: readonly GraphEdge[],
    analysis: GraphAnalysis,
    selected: ReadonlySet<string>,
  ): ShapeFlowEdge[] {
    const severityByEdge = new Map<string, 'error' | 'warning'>();
    for (const d of analysis.diagnostics) {
      if (d.edgeId === undefined || (d.severity !== 'error' && d.severity !== 'warning')) continue;
      if (severityByEdge.get(d.edgeId) !== 'error') severityByEdge.set(d.edgeId, d.severity);
    }
    const next = new Map<
      string,
      {
        edge: GraphEdge;
        label: string;
        severity: 'error' | 'warning' | null;
        selected: boolean;
        out: ShapeFlowEdge;
      }
    >();
    const out = edges.map((edge) => {
      const label = formatShape(analysis.edgeShapes.get(edge.id));
      const severity = severityByEdge.get(edge.id) ?? null;
      const isSelected = selected.has(edge.id);
      const prev = cache.get(edge.id);
      const flowEdge: ShapeFlowEdge =
        prev !== undefined &&
        prev.edge === edge &&
        prev.label === label &&
        prev.severity === severity &&
        prev.selected === isSelected
          ? prev.out
          : {
              id: edge.id,
              type: 'shape',
              source: edge.source,
              target: edge.target,
              label,
              selected: isSelected,
              data: { severity },
              ariaLabel: `Edge ${edge.source} to ${edge.target}, tensor ${label}`,
            };
      next.set(edge.id, { edge, label, severity, selected: isSelected, out: flowEdge });
      return flowEdge;
    });
    cache = next;
    return out;
  };
}
