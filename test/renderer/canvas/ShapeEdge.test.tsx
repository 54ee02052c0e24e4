import { act, cleanup, render } from '@testing-library/react';
import { Position, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renameNode, setParams } from '../../../renderer/src/model/core';
import { createEdgeDeriver, createNodeDeriver, wireSides } from '../../../renderer/src/canvas/derive';
import { LayerNode } from '../../../renderer/src/canvas/LayerNode';
import { ShapeEdge } from '../../../renderer/src/canvas/ShapeEdge';
import type { LayerFlowNode } from '../../../renderer/src/canvas/types';
import { useAnalysis } from '../../../renderer/src/store/analysis';
import { applyEdit } from '../../../renderer/src/store/applyEdit';
import { IMMEDIATE } from '../../../renderer/src/store/history';
import { chain, load } from '../helpers';

const nodeTypes = { layer: LayerNode, block: LayerNode };
const edgeTypes = { shape: ShapeEdge };

/**
 * jsdom measures nothing, so React Flow would never draw a wire: the nodes carry their size and handles (React
 * Flow's server-side rendering path) instead.
 */
const sized = (nodes: LayerFlowNode[]): LayerFlowNode[] =>
  nodes.map((n) => ({
    ...n,
    width: 160,
    height: 60,
    handles: [
      { id: 't', type: 'target', position: Position.Top, x: 80, y: 0, width: 1, height: 1 },
      { id: 'l', type: 'target', position: Position.Left, x: 0, y: 30, width: 1, height: 1 },
      { id: 'b', type: 'source', position: Position.Bottom, x: 80, y: 60, width: 1, height: 1 },
      { id: 'r', type: 'source', position: Position.Right, x: 160, y: 30, width: 1, height: 1 },
    ],
  }));

function Graph() {
  const doc = useAnalysis((s) => s.viewDoc);
  const nodes = sized(createNodeDeriver()(doc.nodes, new Set(), null, new Map()));
  const edges = createEdgeDeriver()(doc.edges, new Set());
  return (
    <div style={{ width: 800, height: 600 }}>
      <ReactFlowProvider>
        <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} edgeTypes={edgeTypes} />
      </ReactFlowProvider>
    </div>
  );
}

/** The edge's accessible name, as its aria-labelledby resolves it. */
function edgeName(source: string, target: string): string | null {
  const edge = [...document.querySelectorAll('.react-flow__edge')].find((e) => {
    const id = e.getAttribute('data-id') ?? '';
    return useAnalysis
      .getState()
      .viewDoc.edges.some((w) => w.id === id && w.source === source && w.target === target);
  });
  if (edge === undefined) return null;
  return document.getElementById(edge.getAttribute('aria-labelledby') ?? '')?.textContent ?? null;
}

describe('ShapeEdge', () => {
  afterEach(cleanup);

  it('is named by both ends and the tensor shape it carries, following edits', () => {
    load(chain('conv2d', 'maxpool2d'));
    render(<Graph />);
    expect(edgeName('input_1', 'conv2d_1')).toBe('Edge from input_1 to conv2d_1, 28×28×1');
    expect(edgeName('conv2d_1', 'maxpool2d_1')).toBe('Edge from conv2d_1 to maxpool2d_1, 26×26×32');
    act(() => {
      applyEdit('Set kernel', (d) => setParams(d, 'conv2d_1', { kernel: 5 }), IMMEDIATE);
      applyEdit('Rename', (d) => renameNode(d, 'conv2d_1', 'c1'), IMMEDIATE);
    });
    expect(edgeName('conv2d_1', 'maxpool2d_1')).toBe('Edge from c1 to maxpool2d_1, 24×24×32');
  });

  it('says when a diagnostic blames the wire', () => {
    load(chain('conv2d', 'maxpool2d'));
    render(<Graph />);
    const wire = useAnalysis.getState().viewDoc.edges.find((e) => e.target === 'maxpool2d_1')?.id ?? '';
    // No analysis rule blames a wire yet (they blame nodes); the store's edgeSeverity is what the edge reads.
    act(() => useAnalysis.setState({ edgeSeverity: new Map([[wire, 'warning' as const]]) }));
    expect(edgeName('conv2d_1', 'maxpool2d_1')).toBe(
      'Edge from conv2d_1 to maxpool2d_1, 26×26×32, has a warning',
    );
  });

  it('joins the sides that face each other: down a column, across to the next wrapped column or row', () => {
    const size = { width: 216, height: 72 };
    expect(wireSides({ x: 0, y: 0 }, { x: 0, y: 112 }, size)).toEqual({
      sourceHandle: 'b',
      targetHandle: 't',
    });
    expect(wireSides({ x: 0, y: 0 }, { x: 280, y: 0 }, size)).toEqual({
      sourceHandle: 'r',
      targetHandle: 'l',
    });
    // The foot of one wrapped column to the head of the next.
    expect(wireSides({ x: 0, y: 560 }, { x: 280, y: 0 }, size)).toEqual({
      sourceHandle: 'r',
      targetHandle: 'l',
    });
    // A branch one row down and a column over stays vertical.
    expect(wireSides({ x: 0, y: 0 }, { x: 260, y: 112 }, size)).toEqual({
      sourceHandle: 'b',
      targetHandle: 't',
    });
    const derive = createEdgeDeriver();
    const edges = [{ id: 'e', source: 'a', target: 'b', targetPort: 0 }];
    const at = new Map([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 0, y: 112 }],
    ]);
    const first = derive(edges, new Set(), (id) => at.get(id));
    expect(first[0]).toMatchObject({ sourceHandle: 'b', targetHandle: 't' });
    expect(derive(edges, new Set(), (id) => at.get(id))).toBe(first);
    at.set('b', { x: 400, y: 0 });
    expect(derive(edges, new Set(), (id) => at.get(id))[0]).toMatchObject({
      sourceHandle: 'r',
      targetHandle: 'l',
    });
  });
});
