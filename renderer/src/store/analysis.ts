import { create } from 'zustand';
import type { GraphAnalysis } from '../../../shared/analysis/types';
import type { GraphDoc } from '../../../shared/graph/schema';
import { createLiveAnalyzer } from '../model/core';
import { resolveScope, type Scope, type ScopeLevel } from '../model/scope';
import { useEditor } from './editor';

/**
 * Live analysis, recomputed synchronously on every document or scope change by the shared core's incremental
 * analyzer, so shapes on the canvas update in the same frame as the edit.
 * - `model` describes the whole network (totals bar, Summary, Problems);
 * - `view`/`viewDoc` describe the graph the canvas shows: the model, or an opened block's branches analysed
 *   with the block's input shape (see model/scope.ts);
 * - `levels` are the opened blocks, outermost first (edits inside a block are written back through them).
 */
export interface AnalysisState {
  readonly model: GraphAnalysis;
  readonly view: GraphAnalysis;
  readonly viewDoc: GraphDoc;
  readonly levels: readonly ScopeLevel[];
  /** Wires a diagnostic blames (edgeId), worst severity first, for the edge components. */
  readonly edgeSeverity: ReadonlyMap<string, 'error' | 'warning'>;
  /** Milliseconds the last update took (the benchmark reads it). */
  readonly lastMs: number;
}

// One incremental analyzer per nesting depth, so each level keeps its own cache.
const analyzers: ((doc: GraphDoc) => GraphAnalysis)[] = [];
const analyzerAt = (depth: number) => (analyzers[depth] ??= createLiveAnalyzer());

const NO_EDGE_PROBLEMS: ReadonlyMap<string, 'error' | 'warning'> = new Map();

function edgeSeverities(analysis: GraphAnalysis): ReadonlyMap<string, 'error' | 'warning'> {
  let out: Map<string, 'error' | 'warning'> | null = null;
  for (const d of analysis.diagnostics) {
    if (d.edgeId === undefined || (d.severity !== 'error' && d.severity !== 'warning')) continue;
    out ??= new Map();
    if (out.get(d.edgeId) !== 'error') out.set(d.edgeId, d.severity);
  }
  return out ?? NO_EDGE_PROBLEMS;
}

function compute(doc: GraphDoc, scope: Scope): AnalysisState {
  const started = performance.now();
  const { levels, analyses } = resolveScope(doc, scope, (depth, graph) => analyzerAt(depth)(graph));
  const model = analyses[0] as GraphAnalysis;
  const view = analyses[analyses.length - 1] ?? model;
  return {
    model,
    view,
    viewDoc: levels[levels.length - 1]?.doc ?? doc,
    levels,
    edgeSeverity: edgeSeverities(view),
    lastMs: performance.now() - started,
  };
}

const initial = useEditor.getState();
export const useAnalysis = create<AnalysisState>()(() => compute(initial.doc, initial.scope));

// A drag in progress lives outside the doc (editor.dragging) and never reaches here.
useEditor.subscribe((s, prev) => {
  if (s.doc === prev.doc && s.scope === prev.scope) return;
  useAnalysis.setState(compute(s.doc, s.scope));
});

/** The graph the canvas shows, as a doc the core's helpers accept (synchronously up to date). */
export const currentViewDoc = (): GraphDoc => useAnalysis.getState().viewDoc;
