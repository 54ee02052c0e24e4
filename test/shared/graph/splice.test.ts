import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { connect } from '../../../shared/graph/edit';
import type { GraphDoc } from '../../../shared/graph/schema';
import {
  insertAfter,
  insertOnEdge,
  removeNodesReconnecting,
  spliceNodeIntoEdge,
} from '../../../shared/graph/splice';
import { getPreset } from '../../../shared/presets';

const keras = (): GraphDoc => {
  const doc = getPreset('mnist-keras')?.build();
  if (doc === undefined) throw new Error('no preset');
  return doc;
};
const total = (doc: GraphDoc) => analyzeGraph(doc).totals.params;
const errors = (doc: GraphDoc) => analyzeGraph(doc).diagnostics.filter((d) => d.severity === 'error');
const wires = (doc: GraphDoc) => doc.edges.map((e) => `${e.source}>${e.target}:${e.targetPort}`).sort();
const into = (doc: GraphDoc, id: string) => doc.edges.filter((e) => e.target === id).map((e) => e.source);
const out = (doc: GraphDoc, id: string) => doc.edges.filter((e) => e.source === id).map((e) => e.target);

describe('splicing layers into a chain (seed 002: 93,322 parameters)', () => {
  it('inserts after a node: A→B becomes A→new→B, shape-neutral layers keep the total', () => {
    const doc = keras();
    expect(total(doc)).toBe(93_322);
    const [pool] = out(doc, 'conv2d_3');
    const { doc: next, nodeId } = insertAfter(doc, 'conv2d_3', 'batchnorm', { x: 0, y: 0 });
    expect(into(next, nodeId)).toEqual(['conv2d_3']);
    expect(out(next, nodeId)).toEqual([pool]);
    expect(out(next, 'conv2d_3')).toEqual([nodeId]);
    // BatchNorm adds 4·32 parameters (γ, β trainable; mean, variance not): the chain is otherwise unchanged.
    expect(total(next)).toBe(93_322 + 128);
    const { doc: dropped } = insertAfter(doc, 'conv2d_3', 'dropout', { x: 0, y: 0 });
    expect(total(dropped)).toBe(93_322);
    expect(errors(dropped)).toEqual([]);
    // The old document is untouched (undo keeps it).
    expect(out(doc, 'conv2d_3')).toEqual([pool]);
  });

  it('appends after a node nothing leaves, and leaves an Input unwired', () => {
    const doc = keras();
    const last = doc.nodes.find((n) => out(doc, n.id).length === 0)?.id as string;
    const { doc: next, nodeId } = insertAfter(doc, last, 'activation', { x: 0, y: 0 });
    expect(into(next, nodeId)).toEqual([last]);
    const { doc: withInput, nodeId: input } = insertAfter(doc, last, 'input', { x: 0, y: 0 });
    expect(into(withInput, input)).toEqual([]);
    expect(withInput.edges).toEqual(doc.edges);
  });

  it('splices into a wire, keeping the target’s input port', () => {
    const doc = keras();
    const wire = doc.edges.find((e) => e.source === 'conv2d_4') ?? doc.edges[0];
    if (wire === undefined) throw new Error('no wire');
    const result = insertOnEdge(doc, wire.id, 'dropout', { x: 0, y: 0 });
    if (result === null) throw new Error('refused');
    expect(into(result.doc, result.nodeId)).toEqual([wire.source]);
    expect(result.doc.edges.find((e) => e.source === result.nodeId)).toMatchObject({
      target: wire.target,
      targetPort: wire.targetPort,
    });
    expect(result.doc.edges.some((e) => e.id === wire.id)).toBe(false);
    expect(total(result.doc)).toBe(93_322);
    expect(insertOnEdge(doc, wire.id, 'input', { x: 0, y: 0 })).toBeNull();
    expect(insertOnEdge(doc, 'no-such-wire', 'dropout', { x: 0, y: 0 })).toBeNull();
  });

  it('deletes a middle layer and wires its neighbours together', () => {
    const doc = keras();
    const { doc: withDrop, nodeId } = insertAfter(doc, 'max_pooling2d_3', 'dropout', { x: 0, y: 0 });
    const back = removeNodesReconnecting(withDrop, [nodeId]);
    expect(wires(back)).toEqual(wires(doc));
    expect(total(back)).toBe(93_322);
    expect(errors(back)).toEqual([]);
  });

  it('reconnects across a deleted run, and leaves a gap where the run had two inputs', () => {
    const doc = keras();
    const [pool] = out(doc, 'conv2d_3');
    const [next] = out(doc, pool as string);
    const gone = removeNodesReconnecting(doc, ['conv2d_3', pool as string]);
    expect(into(gone, next as string)).toEqual(into(doc, 'conv2d_3'));
    // A residual pair: x feeds both a layer and the Add; deleting the layer must not wire x into Add twice.
    let res = insertAfter(doc, 'flatten', 'dense', { x: 0, y: 0 });
    const dense = res.nodeId;
    res = insertAfter(res.doc, dense, 'add', { x: 0, y: 0 });
    const add = res.nodeId;
    const wired = connect(res.doc, 'flatten', add);
    if (!wired.ok) throw new Error(wired.error.message);
    const cut = removeNodesReconnecting(wired.value.doc, [dense]);
    expect(into(cut, add)).toEqual(['flatten']);
  });

  it('moves a lone node into a wire, and refuses one that has wires', () => {
    const doc = keras();
    const { doc: plus, nodeId } = insertAfter(doc, 'no-anchor', 'dropout', { x: 0, y: 0 });
    const wire = doc.edges[1];
    if (wire === undefined) throw new Error('no wire');
    const joined = spliceNodeIntoEdge(plus, nodeId, wire.id);
    expect(joined === null ? [] : into(joined, nodeId)).toEqual([wire.source]);
    expect(spliceNodeIntoEdge(doc, 'conv2d_3', wire.id)).toBeNull();
  });
});
