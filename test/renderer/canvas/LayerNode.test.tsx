import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../../shared/graph/schema';
import { groupNodes, renameBlock, setParams } from '../../../renderer/src/model/core';
import { createNodeDeriver } from '../../../renderer/src/canvas/derive';
import { LayerNode } from '../../../renderer/src/canvas/LayerNode';
import { useAnalysis } from '../../../renderer/src/store/analysis';
import { blockBomb } from '../../fixtures/block-bomb';
import { chain, load } from '../helpers';

const nodeTypes = { layer: LayerNode, block: LayerNode };

/** Loads the document into the editor (so the analysis store has it) and draws its nodes. */
function renderGraph(doc: GraphDoc, zoom = 1) {
  load(doc);
  const derive = createNodeDeriver();
  const nodes = derive(useAnalysis.getState().viewDoc.nodes, new Set(), null, new Map());
  render(
    <div style={{ width: 800, height: 600 }}>
      <ReactFlowProvider>
        <ReactFlow nodes={nodes} edges={[]} nodeTypes={nodeTypes} defaultViewport={{ x: 0, y: 0, zoom }} />
      </ReactFlowProvider>
    </div>,
  );
  return nodes;
}

// In jsdom React Flow never measures nodes, so it keeps them `visibility: hidden`: role queries include hidden
// elements, and accessible names (empty for hidden elements) are checked through their aria-label.
const nodeEl = (id: string) => document.querySelector(`.react-flow__node[data-id="${id}"]`) as HTMLElement;

describe('LayerNode', () => {
  afterEach(cleanup);

  it('shows kind, name, the seed notation, output shape and params, and names itself for assistive tech', () => {
    renderGraph(chain('conv2d', 'maxpool2d'));
    const conv = nodeEl('conv2d_1');
    const labelId = conv.getAttribute('aria-labelledby') ?? '';
    expect(document.getElementById(labelId)?.textContent).toBe('Conv2D conv2d_1, output 26×26×32');
    const view = within(conv);
    expect(view.getByText('Conv2D')).toBeTruthy();
    expect(view.getByText('Conv 32@3×3 /1 valid relu')).toBeTruthy();
    expect(view.getByTestId('node-shape').textContent).toBe('26×26×32');
    expect(view.getByText('320 params')).toBeTruthy();
    expect(within(nodeEl('maxpool2d_1')).getByText('MaxPool 2×2 /2')).toBeTruthy();
  });

  it('marks an error with a badge whose tooltip works the formula out and suggests a fix', () => {
    const doc = chain('conv2d');
    renderGraph(setParams(doc, 'conv2d_1', { kernel: 30 }));
    const conv = nodeEl('conv2d_1');
    expect(document.getElementById(conv.getAttribute('aria-labelledby') ?? '')?.textContent).toMatch(
      /has an error/,
    );
    const badge = within(conv).getByRole('button', { hidden: true });
    expect(badge.getAttribute('aria-label')).toMatch(/^2 errors on conv2d_1: /);
    fireEvent.mouseEnter(badge);
    const tooltip = screen.getByRole('tooltip', { hidden: true });
    expect(tooltip.textContent).toContain('(28 + 2·0 − 30)/1 + 1 = −1');
    expect(tooltip.textContent).toContain('Fix:');
    expect(tooltip.textContent).toContain('SHAPE_NONPOSITIVE');
    fireEvent.mouseLeave(badge);
    expect(screen.queryByRole('tooltip', { hidden: true })).toBeNull();
  });

  it('zoomed out, switches to the compact rendering: kind, output shape and parameter count only', () => {
    renderGraph(chain('conv2d', 'maxpool2d'), 0.5);
    const conv = nodeEl('conv2d_1');
    expect(conv.querySelector('.layer-node')?.classList.contains('is-compact')).toBe(true);
    const view = within(conv);
    expect(view.getByText('Conv2D')).toBeTruthy();
    expect(view.getByTestId('node-shape').textContent).toBe('26×26×32');
    expect(view.getByText('320')).toBeTruthy();
    expect(view.queryByText('Conv 32@3×3 /1 valid relu')).toBeNull();
    expect(view.queryByText('conv2d_1')).toBeNull();
    // Still named in full for assistive tech.
    expect(document.getElementById(conv.getAttribute('aria-labelledby') ?? '')?.textContent).toBe(
      'Conv2D conv2d_1, output 26×26×32',
    );
  });

  it('a block bomb loads at once: the analysis refuses it and its node shows GRAPH_TOO_LARGE', () => {
    // Five library blocks, each using the next 16 times: expanding it froze the page.
    renderGraph(blockBomb(5, 16));
    expect(useAnalysis.getState().model.diagnostics.map((d) => [d.code, d.nodeId])).toEqual([
      ['GRAPH_TOO_LARGE', 'bomb'],
    ]);
    const badge = nodeEl('bomb').querySelector('button[aria-label^="1 error on bomb: "]') as HTMLElement;
    fireEvent.mouseEnter(badge);
    const tooltip = screen.getByRole('tooltip', { hidden: true });
    expect(tooltip.textContent).toContain('GRAPH_TOO_LARGE');
    expect(tooltip.textContent).toContain("'bomb' expands to 1,048,576 layers ('b1' uses 'b2' 16 times");
  });

  it('gives blocks an accessible Open button', () => {
    const doc = chain('residual');
    renderGraph(doc);
    const open = within(nodeEl('residual_1')).getByRole('button', { hidden: true });
    expect(open.getAttribute('aria-label')).toBe('Open block residual_1');
  });
});

describe('node derivation', () => {
  it('keeps the identity of nodes an edit did not change, whatever the analysis says', () => {
    const derive = createNodeDeriver();
    const doc = chain('conv2d', 'maxpool2d', 'flatten', 'dense');
    const first = derive(doc.nodes, new Set(), null, new Map());
    // Reshapes everything downstream of conv2d_1, yet only conv2d_1's node object is replaced.
    const edited = setParams(doc, 'conv2d_1', { kernel: 5 });
    const second = derive(edited.nodes, new Set(), null, new Map());
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]?.data.notation).toBe('Conv 32@5×5 /1 valid relu');
    for (const i of [0, 2, 3, 4]) expect(second[i]).toBe(first[i]);
    // Nothing changed at all: the very same array comes back.
    expect(derive(edited.nodes, new Set(), null, new Map())).toBe(second);
    // Selection replaces just the selected node.
    const selected = derive(edited.nodes, new Set(['dense_1']), null, new Map());
    expect(selected[4]?.selected).toBe(true);
    expect(selected[3]).toBe(second[3]);
  });
});

describe('user block nodes', () => {
  it('read as their library definition, and re-derive when the definition is renamed', () => {
    const grouped = groupNodes(chain('conv2d', 'maxpool2d', 'flatten'), ['conv2d_1', 'maxpool2d_1']);
    if (!grouped.ok) throw new Error(grouped.error.message);
    const doc = grouped.value.doc;
    const derive = createNodeDeriver();
    const none = new Set<string>();
    const first = derive(doc.nodes, none, null, new Map(), false, doc.blocks);
    const block = first.find((n) => n.id === 'group_1');
    expect(block?.type).toBe('block');
    expect(block?.data).toMatchObject({ kindLabel: 'Block', notation: 'block_1 · 2 layers', edited: false });
    const renamed = renameBlock(doc, 'block_1', 'stem');
    const second = derive(renamed.nodes, none, null, new Map(), false, renamed.blocks);
    expect(second.find((n) => n.id === 'group_1')?.data.notation).toBe('stem · 2 layers');
    expect(second.find((n) => n.id === 'flatten_1')).toBe(first.find((n) => n.id === 'flatten_1'));
  });
});
