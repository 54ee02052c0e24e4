import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LayerWindow } from '../../../shared/api/runs';
import type { GraphDoc } from '../../../shared/graph/schema';
import { presetDoc } from '../../../renderer/src/model/core';
import { useRuns } from '../../../renderer/src/runs/store';
import { useAnalysis } from '../../../renderer/src/store/analysis';
import { enterScope } from '../../../renderer/src/store/editor';
import { ExplainButton } from '../../../renderer/src/teaching/ExplainButton';
import { closeLesson, useLessons } from '../../../renderer/src/teaching/store';
import { fakeBackend, removeBackend } from '../training/fake-backend';
import { runDetail, summaryOf } from '../runs/fixtures';
import { load } from '../helpers';

/**
 * "Explain with this run" is offered for a layer exactly when a finished run's model has that layer (same id in
 * the expanded network, same kind and settings), at the top level and inside a block, and asks the run for
 * the window under the layer's id in the expanded network.
 */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

const googlenet = (): GraphDoc => {
  const doc = presetDoc('googlenet');
  if (doc === undefined) throw new Error('no googlenet preset');
  return doc;
};

/** GoogLeNet with inception3a's 3×3 branch at 96 filters instead of 128. */
function narrower(doc: GraphDoc): GraphDoc {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === 'inception3a' ? { ...n, params: { ...n.params, c3x3: 96 } } : n)),
  };
}

const windowOf = (nodeId: string): LayerWindow => ({
  imageIndex: 0,
  nodeId,
  layer: nodeId.replaceAll('/', '_'),
  name: nodeId,
  kind: 'maxpool2d',
  inputShape: [4, 4, 1],
  outputShape: [2, 2, 1],
  kernel: [2, 2],
  stride: [2, 2],
  dilation: [1, 1],
  pads: [0, 0, 0, 0],
  padCells: 'zeros',
  activation: 'linear',
  channel: 0,
  region: { oy: 0, ox: 0, h: 1, w: 1 },
  pixel: { oy: 0, ox: 0 },
  inputChannels: [0],
  patch: {
    y0: 0,
    x0: 0,
    values: [
      [
        [1, 2],
        [3, 4],
      ],
    ],
  },
  filter: null,
  bias: null,
  output: [[4]],
});

function inspect(id: string) {
  const view = useAnalysis.getState();
  const node = view.viewDoc.nodes.find((n) => n.id === id);
  const analysis = view.view.nodes.get(id);
  if (node === undefined || analysis === undefined) throw new Error(`no node ${id} in view`);
  return render(<ExplainButton node={node} analysis={analysis} />);
}

/** Opens the node's inspector section (inside `scope`) and lists the runs offered, once they are looked up. */
async function offered(scope: readonly string[], id: string): Promise<string[]> {
  if (scope.length > 0) act(() => enterScope(scope));
  inspect(id);
  // Looking runs up analyses each run's network: on a loaded machine that can take more than findBy's 1 s.
  const picker = await screen.findByLabelText('With trained weights from', {}, { timeout: 15_000 });
  return [...picker.querySelectorAll('option')].map((o) => o.textContent ?? '');
}

describe('Explain with this run', () => {
  let backend: ReturnType<typeof fakeBackend>;
  beforeEach(() => {
    const same = runDetail('r-same', { graph: googlenet(), name: 'GoogLeNet, as drawn' });
    const changed = runDetail('r-changed', { graph: narrower(googlenet()), name: 'GoogLeNet, 96 filters' });
    const other = runDetail('r-other', { name: 'MNIST Keras' });
    const unsaved = runDetail('r-nomodel', {
      graph: googlenet(),
      name: 'GoogLeNet, no model',
      hasModel: false,
    });
    const details = [same, changed, other, unsaved];
    useRuns.setState({ runs: [] });
    backend = fakeBackend({
      'runs.list': () => details.map(summaryOf),
      'runs.get': (input) => details.find((d) => d.runId === (input as { runId: string }).runId),
      'runs.layerWindow': (input) => windowOf((input as { nodeId: string }).nodeId),
    });
    load(googlenet());
  });
  afterEach(() => {
    act(() => closeLesson());
    cleanup();
    removeBackend();
  });

  it('inside a block: offered by the runs whose model has that part, and asks for it by its path', async () => {
    // The run with 96 filters in this branch, a network without the block and a run without a model are not offered.
    expect(await offered(['inception3a'], 'b2/conv')).toEqual(['GoogLeNet, as drawn']);
    fireEvent.click(screen.getByRole('button', { name: 'Explain with this run' }));
    await settle();
    const asked = backend.called('runs.layerWindow').map((c) => c.input);
    // inception3a's output is 28×28: the centre pixel is (14, 14).
    expect(asked).toEqual([
      { runId: 'r-same', imageIndex: 0, nodeId: 'inception3a/b2/conv', oy: 14, ox: 14, channel: 0, size: 3 },
    ]);
    expect(useLessons.getState().runWindow).toMatchObject({
      runId: 'r-same',
      runName: 'GoogLeNet, as drawn',
      window: { nodeId: 'inception3a/b2/conv' },
    });
  });

  it('a part the changed run shares (the pooling branch) is offered by both GoogLeNet runs', async () => {
    expect(await offered(['inception3a'], 'b4/pool')).toEqual([
      'GoogLeNet, as drawn',
      'GoogLeNet, 96 filters',
    ]);
    fireEvent.change(screen.getByLabelText('With trained weights from'), { target: { value: 'r-changed' } });
    fireEvent.click(screen.getByRole('button', { name: 'Explain with this run' }));
    await settle();
    expect(backend.called('runs.layerWindow').map((c) => c.input)).toMatchObject([
      { runId: 'r-changed', nodeId: 'inception3a/b4/pool' },
    ]);
  });

  it('at the top level the node id is the layer id; a changed part is offered by the run trained that way', async () => {
    const conv = googlenet().nodes.find((n) => n.kind === 'conv2d');
    if (conv === undefined) throw new Error('no top-level conv');
    expect(await offered([], conv.id)).toEqual(['GoogLeNet, as drawn', 'GoogLeNet, 96 filters']);
    cleanup();
    // Drawn with 96 filters: now only the run trained that way has this convolution.
    load(narrower(googlenet()));
    expect(await offered(['inception3a'], 'b2/conv')).toEqual(['GoogLeNet, 96 filters']);
  });
});
