import { useEffect, useMemo, useState } from 'react';
import type { GraphAnalysis } from '../../../shared/analysis/types';
import type { RunDetail, RunMetrics } from '../../../shared/api/runs';
import type { GraphDoc } from '../../../shared/graph/schema';
import { call } from '../backend/api';
import {
  analyzeDoc,
  plottedAccuracy,
  presetDoc,
  presetList,
  type PlottedAccuracy,
  type PublishedResult,
} from '../model/core';
import { fetchRunDetail } from '../runs/details';
import { optimizerLabel } from '../training/TrainSettings';

/**
 * What a comparison lines up: each picked run (its graph snapshot, record and curves) and each picked preset
 * (its graph only — an untrained network still has params, MACs, depth and activation memory).
 */
export interface CompareEntry {
  readonly key: string;
  readonly kind: 'run' | 'preset';
  readonly name: string;
  readonly graph: GraphDoc;
  readonly analysis: GraphAnalysis;
  readonly detail: RunDetail | null;
  readonly metrics: RunMetrics | null;
  /** A preset's paper results ([] for runs). */
  readonly published: readonly PublishedResult[];
}

/** Name for legends and table rows: runs say how they differ (optimizer), presets say they are presets. */
export function entryLabel(e: CompareEntry): string {
  if (e.detail === null) return `${e.name} (preset)`;
  const opt = optimizerLabel(e.detail.config.optimizer);
  return e.name.includes(opt) ? e.name : `${e.name} · ${opt}`;
}

/** Best accuracy a run reached: the test accuracy when it was evaluated, else the best validation accuracy. */
export const bestAccuracy = (e: CompareEntry): number | null =>
  e.detail === null ? null : (e.detail.result.testAccuracy ?? e.detail.result.bestValAccuracy);

/**
 * Where an entry sits on an accuracy axis: a run at its measured accuracy, a preset at its paper's (top-1 where
 * the paper gives it, else top-5, said so by `metric`); null for a run not evaluated yet.
 */
export interface AccuracyPoint {
  readonly accuracy: number;
  readonly source: 'measured' | 'published';
  readonly published: PlottedAccuracy | null;
}

export function accuracyPoint(e: CompareEntry): AccuracyPoint | null {
  if (e.kind === 'run') {
    const acc = bestAccuracy(e);
    return acc === null ? null : { accuracy: acc, source: 'measured', published: null };
  }
  const p = plottedAccuracy(e.published);
  return p === null ? null : { accuracy: p.accuracy, source: 'published', published: p };
}

interface Loaded {
  readonly detail: RunDetail | null;
  readonly metrics: RunMetrics | null;
}

const analyses = new WeakMap<GraphDoc, GraphAnalysis>();
function analysisOf(graph: GraphDoc): GraphAnalysis {
  let a = analyses.get(graph);
  if (a === undefined) {
    a = analyzeDoc(graph);
    analyses.set(graph, a);
  }
  return a;
}

/** `version` changes when a picked run's status does (a run still training is loaded again when it ends). */
export function useCompareEntries(
  runIds: readonly string[],
  presetIds: readonly string[],
  version = '',
): { entries: CompareEntry[]; loading: boolean } {
  const [loaded, setLoaded] = useState<ReadonlyMap<string, Loaded>>(new Map());
  const runKey = runIds.join(',');
  useEffect(() => {
    let live = true;
    for (const runId of runKey === '' ? [] : runKey.split(',')) {
      void (async () => {
        const detail = await fetchRunDetail(runId);
        const metrics = await call((api) => api.runs.metrics({ runId, maxBatchPoints: 1500 }));
        if (!live) return;
        setLoaded((m) => new Map(m).set(runId, { detail, metrics: metrics.ok ? metrics.value : null }));
      })();
    }
    return () => {
      live = false;
    };
  }, [runKey, version]);
  const entries = useMemo(() => {
    const out: CompareEntry[] = [];
    for (const runId of runIds) {
      const l = loaded.get(runId);
      if (l?.detail == null) continue;
      out.push({
        key: `run:${runId}`,
        kind: 'run',
        name: l.detail.name,
        graph: l.detail.graph,
        analysis: analysisOf(l.detail.graph),
        detail: l.detail,
        metrics: l.metrics,
        published: [],
      });
    }
    for (const id of presetIds) {
      const graph = presetDoc(id);
      if (graph === undefined) continue;
      const card = presetList().find((p) => p.id === id);
      const name = card?.name ?? id;
      out.push({
        published: card?.published ?? [],
        key: `preset:${id}`,
        kind: 'preset',
        name,
        graph,
        analysis: analysisOf(graph),
        detail: null,
        metrics: null,
      });
    }
    return out;
  }, [runIds, presetIds, loaded]);
  const loading = runIds.some((id) => !loaded.has(id));
  return { entries, loading };
}
