import { describe, expect, it } from 'vitest';
import { createNodeDeriver } from '../../../renderer/src/canvas/derive';
import { moveNodes, renameNode } from '../../../renderer/src/model/core';
import { chain } from '../helpers';

describe('document → canvas nodes', () => {
  it('keeps a moved node’s data (its rendering) and gives it a new position; a rename makes new data', () => {
    const derive = createNodeDeriver();
    const doc = chain('conv2d', 'dense');
    const first = derive(doc.nodes, new Set(), null, new Map());
    // A layout moves every node: React Flow moves them, the layer components have nothing new to draw.
    const moved = moveNodes(doc, new Map(doc.nodes.map((n, i) => [n.id, { x: 500 + i * 16, y: 32 }])));
    const second = derive(moved.nodes, new Set(), null, new Map());
    second.forEach((node, i) => {
      expect(node).not.toBe(first[i]);
      expect(node.position).toEqual({ x: 500 + i * 16, y: 32 });
      expect(node.data).toBe(first[i]?.data);
    });
    const id = doc.nodes[1]?.id ?? '';
    const renamed = derive(renameNode(moved, id, 'features').nodes, new Set(), null, new Map());
    expect(renamed[1]?.data).not.toBe(second[1]?.data);
    expect(renamed[1]?.data.name).toBe('features');
    expect(renamed[0]).toBe(second[0]);
  });
});
