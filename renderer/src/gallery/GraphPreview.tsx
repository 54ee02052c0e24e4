import { memo, useMemo } from 'react';
import type { GraphDoc } from '../../../shared/graph/schema';
import { wireSides } from '../canvas/derive';
import { consumedStages } from '../layout/candidates';
import { chooseLayout, type Candidate } from '../layout/choose';
import { boundsOf, NODE_SIZE } from '../layout/geometry';
import { ranksOf, wrappedLayout } from '../layout/wrapped';
import { analyzeDoc, kindDef } from '../model/core';

/**
 * A gallery card's picture of a network, drawn from the graph itself: its layers as boxes coloured by category
 * (as on the canvas) and its wires, arranged by the canvas's wrapped layout for the card's shape — a long chain
 * folds into columns at its downsampling stages, as it will open. Computed once per graph.
 */
const cache = new WeakMap<GraphDoc, Preview>();

interface Preview {
  readonly viewBox: string;
  readonly boxes: readonly { id: string; x: number; y: number; category: string }[];
  readonly wires: readonly string[];
}

function previewOf(doc: GraphDoc, width: number, height: number): Preview {
  const cached = cache.get(doc);
  if (cached !== undefined) return cached;
  const analysis = analyzeDoc(doc);
  const stageOf = consumedStages(doc, analysis);
  const ranks = Math.max(0, ...ranksOf(doc).values()) + 1;
  const candidates: Candidate[] = Array.from({ length: Math.min(ranks, 10) }, (_, i) => ({
    mode: 'wrapped' as const,
    columns: i + 1,
    positions: wrappedLayout(doc, { columns: i + 1, stageOf }),
  }));
  const best = chooseLayout(candidates, { width, height }, { padding: 4 });
  const positions = best?.positions ?? new Map();
  const b = boundsOf(positions);
  const pad = 24;
  const boxes = doc.nodes.flatMap((n) => {
    const p = positions.get(n.id);
    return p === undefined ? [] : [{ id: n.id, ...p, category: kindDef(n.kind)?.category ?? 'unknown' }];
  });
  const wires = doc.edges.flatMap((e) => {
    const s = positions.get(e.source);
    const t = positions.get(e.target);
    if (s === undefined || t === undefined) return [];
    const { sourceHandle } = wireSides(s, t, NODE_SIZE);
    const w = NODE_SIZE.width;
    const h = NODE_SIZE.height;
    return [
      sourceHandle === 'b'
        ? `M${s.x + w / 2} ${s.y + h}L${t.x + w / 2} ${t.y}`
        : `M${s.x + w} ${s.y + h / 2}L${t.x} ${t.y + h / 2}`,
    ];
  });
  const preview = {
    viewBox: `${b.x - pad} ${b.y - pad} ${b.width + 2 * pad} ${b.height + 2 * pad}`,
    boxes,
    wires,
  };
  cache.set(doc, preview);
  return preview;
}

function GraphPreviewView({
  doc,
  width = 220,
  height = 120,
}: {
  doc: GraphDoc;
  width?: number;
  height?: number;
}) {
  const preview = useMemo(() => previewOf(doc, width, height), [doc, width, height]);
  return (
    <svg
      className="graph-preview"
      viewBox={preview.viewBox}
      width={width}
      height={height}
      preserveAspectRatio="xMidYMid meet"
      aria-hidden="true"
      data-nodes={preview.boxes.length}
    >
      {preview.wires.map((d, i) => (
        <path key={i} d={d} className="graph-preview-wire" />
      ))}
      {preview.boxes.map((b) => (
        <rect
          key={b.id}
          x={b.x}
          y={b.y}
          width={NODE_SIZE.width}
          height={NODE_SIZE.height}
          rx={10}
          style={{ fill: `var(--cat-${b.category}, var(--cat-unknown))` }}
        />
      ))}
    </svg>
  );
}

export const GraphPreview = memo(GraphPreviewView);
