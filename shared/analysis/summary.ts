import type { GraphDoc } from '../graph/schema';
import type { GraphAnalysis, Shape } from './types';
import { getKind } from '../layers/registry';

/** One row of the summary (`stride summary --json` layers[], the Summary tab). */
export interface SummaryLayer {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly outputShape: Shape | null;
  readonly params: number;
  readonly trainableParams: number;
  readonly macs: number;
}

/** Exactly the object `stride summary --json` prints (README "Command line"; a contract scripts rely on). */
export interface SummaryJson {
  readonly name: string;
  readonly layers: readonly SummaryLayer[];
  readonly totalParams: number;
  readonly trainableParams: number;
  readonly nonTrainableParams: number;
  readonly macs: number;
  readonly diagnostics: readonly {
    readonly code: string;
    readonly severity: string;
    readonly nodeId: string | null;
    readonly message: string;
  }[];
}

/** Rows in topological order, then any node the order could not reach (a cycle) in document order. */
export function summaryRows(
  doc: GraphDoc,
  analysis: GraphAnalysis,
): { layer: SummaryLayer; inputs: string[] }[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const ids = [...analysis.order, ...doc.nodes.map((n) => n.id).filter((id) => !analysis.order.includes(id))];
  const inputs = new Map<string, string[]>();
  for (const e of doc.edges) (inputs.get(e.target) ?? inputs.set(e.target, []).get(e.target))?.push(e.source);
  return [...new Set(ids)].map((id) => {
    const node = byId.get(id);
    const a = analysis.nodes.get(id);
    return {
      layer: {
        id,
        name: node?.name ?? id,
        kind: node?.kind ?? 'unknown',
        outputShape: a?.outputShape ?? null,
        params: a?.params.total ?? 0,
        trainableParams: a?.params.trainable ?? 0,
        macs: a?.macs ?? 0,
      },
      inputs: inputs.get(id) ?? [],
    };
  });
}

export function summaryJson(doc: GraphDoc, analysis: GraphAnalysis): SummaryJson {
  return {
    name: doc.name,
    layers: summaryRows(doc, analysis).map((r) => r.layer),
    totalParams: analysis.totals.params,
    trainableParams: analysis.totals.trainableParams,
    nonTrainableParams: analysis.totals.nonTrainableParams,
    macs: analysis.totals.macs,
    diagnostics: analysis.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      nodeId: d.nodeId,
      message: d.message,
    })),
  };
}

/** `Conv2D`, or the raw kind when unknown. */
export const kindLabel = (kind: string): string => getKind(kind)?.label ?? kind;
