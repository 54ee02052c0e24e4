import { useMemo } from 'react';
import type { GraphDoc } from '../../../shared/graph/schema';
import { analyzeDoc, kindDef } from '../model/core';
import { plural } from '../model/format';

/**
 * A run's graph snapshot at a glance: one bar per layer in the order data flows, coloured by category as on
 * the canvas, taller for layers with more parameters. Its label lists the layers for screen readers.
 */
export function GraphThumb({
  graph,
  width = 140,
  height = 18,
}: {
  graph: GraphDoc;
  width?: number;
  height?: number;
}) {
  const bars = useMemo(() => {
    const analysis = analyzeDoc(graph);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    return analysis.order.flatMap((id) => {
      const node = byId.get(id);
      if (node === undefined) return [];
      const params = analysis.nodes.get(id)?.params.total ?? 0;
      return [{ id, kind: node.kind, category: kindDef(node.kind)?.category ?? 'unknown', params }];
    });
  }, [graph]);
  const label = `Graph snapshot of ${graph.name}: ${plural(bars.length, 'layer')} (${summarise(bars.map((b) => kindDef(b.kind)?.label ?? b.kind))})`;
  const step = bars.length === 0 ? 0 : Math.min(8, width / bars.length);
  const maxLog = Math.max(1, ...bars.map((b) => Math.log10(1 + b.params)));
  return (
    <svg className="graph-thumb" width={width} height={height} role="img" aria-label={label}>
      <title>{label}</title>
      {bars.map((b, i) => {
        const h = 4 + ((height - 4) * Math.log10(1 + b.params)) / maxLog;
        return (
          <rect
            key={b.id}
            x={i * step}
            y={height - h}
            width={Math.max(1, step - 1)}
            height={h}
            style={{ fill: `var(--cat-${b.category}, var(--cat-unknown))` }}
          />
        );
      })}
    </svg>
  );
}

/** ["Conv2D", "Conv2D", "MaxPool2D"] → "Conv2D×2, MaxPool2D" (runs of the same kind collapsed). */
export function summarise(labels: readonly string[]): string {
  const out: string[] = [];
  let prev = '';
  let count = 0;
  for (const l of [...labels, '']) {
    if (l === prev) {
      count += 1;
      continue;
    }
    if (prev !== '') out.push(count > 1 ? `${prev}×${count}` : prev);
    prev = l;
    count = 1;
  }
  return out.join(', ');
}
