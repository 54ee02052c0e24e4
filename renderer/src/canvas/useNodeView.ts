import { useMemo } from 'react';
import type { Diagnostic } from '../../../shared/analysis/types';
import { formatShape } from '../model/format';
import { useAnalysis } from '../store/analysis';
import { useHidden } from '../teaching/predict/store';
import type { NodeProblem } from './types';

/** What the analysis says about one node, formatted for display (no shape logic here: the core computed it). */
export interface NodeView {
  readonly shape: string;
  readonly params: number;
  readonly severity: 'error' | 'warning' | null;
  readonly problems: readonly NodeProblem[];
}

const toProblem = (d: Diagnostic): NodeProblem => ({
  code: d.code,
  severity: d.severity,
  message: d.message,
  formula: d.formula ?? null,
  fix: d.fix ?? null,
});

/**
 * Subscribes a node component to its own NodeAnalysis: the incremental analyzer keeps that object while the
 * node's inputs and params are unchanged, so only nodes whose results changed re-render.
 */
export function useNodeView(nodeId: string): NodeView {
  const analysis = useAnalysis((s) => s.view.nodes.get(nodeId));
  // Predict mode: the student works shapes and counts out, so the node shows neither (the Input's is given).
  const hidden = useHidden() && analysis?.kind !== 'input';
  return useMemo(() => {
    const problems = (analysis?.diagnostics ?? []).map(toProblem);
    const severity = problems.some((p) => p.severity === 'error')
      ? 'error'
      : problems.some((p) => p.severity === 'warning')
        ? 'warning'
        : null;
    return {
      shape: hidden ? '?' : formatShape(analysis?.outputShape),
      params: hidden ? 0 : (analysis?.params.total ?? 0),
      severity,
      problems,
    };
  }, [analysis, hidden]);
}

/** The tensor shape an edge carries and whether a diagnostic blames the wire. */
export function useEdgeView(edgeId: string): { label: string; severity: 'error' | 'warning' | null } {
  const shape = useAnalysis((s) => formatShape(s.view.edgeShapes.get(edgeId)));
  const label = useHidden() ? '?' : shape;
  const severity = useAnalysis((s) => s.edgeSeverity.get(edgeId) ?? null);
  return { label, severity };
}
