import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeDeriver } from '../../../renderer/src/canvas/derive';
import { LayerNode } from '../../../renderer/src/canvas/LayerNode';
import { useAnalysis } from '../../../renderer/src/store/analysis';
import { LessonsHost } from '../../../renderer/src/teaching/LessonsView';
import { PredictPanel } from '../../../renderer/src/teaching/predict/PredictPanel';
import { startPredicting, stopPredicting } from '../../../renderer/src/teaching/predict/store';
import { closeLesson, explain, openLesson } from '../../../renderer/src/teaching/store';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { getPreset } from '../../../shared/presets';
import { explainNode } from '../../../shared/teaching/explain';
import { chain, load } from '../helpers';

/** The lesson views draw what shared/teaching computes, and follow the keyboard; predict mode hides and grades. */
const cells = (testId: string) => [...screen.getByTestId(testId).children].map((c) => c.textContent);

beforeEach(() => window.history.replaceState(null, '', '/?token=t'));
afterEach(() => {
  act(() => closeLesson());
  act(() => stopPredicting());
  cleanup();
});

describe('lessons', () => {
  it('opens by ?lesson= and keeps the token; the convolution steps with the keyboard', () => {
    window.history.replaceState(null, '', '/?token=t&lesson=conv');
    render(<LessonsHost />);
    expect(screen.getByRole('dialog').getAttribute('aria-labelledby')).toBeTruthy();
    expect(cells('explainer-output')).toEqual(['15', '16', '6', '15']);
    const explainer = screen.getByRole('region', { name: /^Convolution explainer/ });
    expect(within(screen.getByTestId('explainer-sum')).getByText(/= 15$/)).toBeTruthy();
    fireEvent.keyDown(explainer, { key: 'ArrowRight' });
    expect(screen.getByTestId('explainer-sum').textContent).toContain(
      '2·2 + 3·0 + 0·1 + 1·0 + 2·1 + 3·2 + 0·1 + 1·0 + 2·2 = 16',
    );
    expect(screen.getByTestId('explainer-output').querySelector('.is-current')?.textContent).toBe('16');
    fireEvent.keyDown(explainer, { key: 'End' });
    expect(screen.getByTestId('explainer-step').textContent).toContain('Step 4 of 4');
    // Edit numbers: the top-left input value 1 → 2 adds 1·2 to the first output.
    fireEvent.click(screen.getByRole('button', { name: 'Edit numbers' }));
    const input = screen.getByRole('group', { name: 'Input' });
    fireEvent.change(within(input).getByLabelText('row 1, column 1: 1'), { target: { value: '2' } });
    expect(cells('explainer-output')).toEqual(['17', '16', '6', '15']);
    act(() => closeLesson());
    expect(window.location.search).toBe('?token=t');
  });

  it('pooling has max, average and min of the same windows', () => {
    act(() => openLesson('pool'));
    render(<LessonsHost />);
    expect(cells('explainer-output')).toEqual(['2', '3', '4', '2']);
    fireEvent.click(screen.getByRole('radio', { name: 'Average' }));
    expect(cells('explainer-output')).toEqual(['1', '1.5', '2.25', '1']);
    expect(window.location.search).toContain('lesson=pool');
  });
});

describe('pooling with PyTorch’s options', () => {
  it('ceil mode keeps the last row and column of a 5×5 input; padding that never wins is never picked', () => {
    act(() => openLesson('pool'));
    render(<LessonsHost />);
    const settings = screen.getByRole('group', { name: 'Pooling settings' });
    fireEvent.change(within(settings).getByLabelText('Input H'), { target: { value: '5' } });
    fireEvent.change(within(settings).getByLabelText('Input W'), { target: { value: '5' } });
    expect(cells('explainer-output')).toHaveLength(4);
    fireEvent.click(within(settings).getByLabelText('Ceil mode (PyTorch)'));
    expect(cells('explainer-output')).toHaveLength(9);
    expect(screen.getByTestId('explainer-formulas').textContent).toContain('H: ⌈(5 + 2·0 − 2)/2⌉ + 1 = 3');
    fireEvent.keyDown(screen.getByRole('region', { name: /^Pooling explainer/ }), { key: 'End' });
    expect(screen.getByTestId('pool-overhang').textContent).toContain('1 row and 1 column past the input');
    // Average pooling has neither option.
    fireEvent.click(screen.getByRole('radio', { name: 'Average' }));
    expect(within(settings).queryByLabelText('Ceil mode (PyTorch)')).toBeNull();
    expect(cells('explainer-output')).toHaveLength(4);
  });
});

describe('grouped and depthwise convolutions', () => {
  it('Groups G splits the filters; a step of the second group sums only its channels', () => {
    act(() => openLesson('conv'));
    render(<LessonsHost />);
    const settings = screen.getByRole('group', { name: 'Convolution settings' });
    fireEvent.change(within(settings).getByLabelText('Channels C'), { target: { value: '2' } });
    fireEvent.change(within(settings).getByLabelText('Filters F'), { target: { value: '2' } });
    const groups = within(settings).getByLabelText('Groups G');
    expect([...groups.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['1', '2 (depthwise)']);
    expect(screen.getByTestId('explainer-params').textContent).toBe('FH·FW·C·F = 3·3·2·2 = 36');
    fireEvent.change(groups, { target: { value: '2' } });
    expect(screen.getByTestId('explainer-params').textContent).toBe('FH·FW·(C/G)·F = 3·3·(2/2)·2 = 18');
    expect(screen.getByTestId('explainer-macs').textContent).toContain('= 72');
    // The second filter's first step: one channel (the second), written out product by product.
    fireEvent.keyDown(screen.getByRole('region', { name: /^Convolution explainer/ }), { key: 'End' });
    expect(screen.getByTestId('explainer-group').textContent).toContain('group 2 of 2: channel 2');
    expect(screen.getByTestId('explainer-sum').querySelector('.sum-channels')).toBeNull();
  });

  /** The host is mounted first, as the shell mounts it once at start-up (it reads ?lesson= then). */
  function explainPresetNode(presetId: string, nodeId: string): void {
    const doc = getPreset(presetId)?.build();
    if (doc === undefined) throw new Error(presetId);
    const node = doc.nodes.find((n) => n.id === nodeId);
    const a = analyzeGraph(doc).nodes.get(nodeId);
    if (node === undefined || a === undefined) throw new Error(nodeId);
    render(<LessonsHost />);
    act(() => explain(explainNode(node, a)));
  }

  it('Explain this layer on MobileNet’s depthwise convolution opens it with one filter per channel', () => {
    explainPresetNode('mobilenet-v1', 'conv_dw_1');
    expect(screen.getByTestId('explain-params').textContent).toBe('3·3·32·1 = 288');
    expect(screen.getByTestId('explainer-params').textContent).toBe('FH·FW·(C/G)·F = 3·3·(32/32)·32 = 288');
    expect(screen.getByTestId('explainer-group').textContent).toContain('group 1 of 32: channel 1');
    expect((screen.getByLabelText('Groups G') as HTMLSelectElement).value).toBe('32');
  });

  it('a grouped layer deeper than the grids says which part of its groups is drawn', () => {
    explainPresetNode('alexnet-towers', 'conv2');
    expect(screen.getByTestId('explain-params').textContent).toBe('5·5·48·256 + 256 = 307,456');
    expect(screen.getByTestId('explain-banner').textContent).toContain(
      "1 of the layer's 2 groups, each with its 48 channels and 64 of its 128 filters",
    );
  });
});

describe('predict mode', () => {
  it('hides shapes and counts on the nodes and grades typed answers with the worked formula', () => {
    load(chain('conv2d', 'maxpool2d'));
    act(() => startPredicting());
    const nodes = createNodeDeriver()(useAnalysis.getState().viewDoc.nodes, new Set(), null, new Map());
    render(
      <div style={{ width: 800, height: 600 }}>
        <ReactFlowProvider>
          <ReactFlow nodes={nodes} edges={[]} nodeTypes={{ layer: LayerNode, block: LayerNode }} />
        </ReactFlowProvider>
        <PredictPanel />
      </div>,
    );
    const conv = document.querySelector('.react-flow__node[data-id="conv2d_1"]') as HTMLElement;
    expect(within(conv).getByTestId('node-shape').textContent).toBe('?');
    expect(within(conv).queryByText('320 params')).toBeNull();
    fireEvent.change(screen.getByLabelText('Output shape of conv2d_1'), { target: { value: '26x26x32' } });
    fireEvent.change(screen.getByLabelText('Parameters of conv2d_1'), { target: { value: '288' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check answers' }));
    expect(screen.getByTestId('predict-score').textContent).toBe('Score 1 / 4 (2 not answered)');
    expect(screen.getByTestId('worked-conv2d_1').textContent).toContain('params: 3·3·1·32 + 32 = 320');
    expect(conv.querySelector('.layer-node')?.className).toContain('predict-wrong');
    act(() => stopPredicting());
    expect(within(conv).getByTestId('node-shape').textContent).toBe('26×26×32');
  });
});
