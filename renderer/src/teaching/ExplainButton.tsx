import { useEffect, useId, useState } from 'react';
import type { NodeAnalysis } from '../../../shared/analysis/types';
import type { GraphNode } from '../../../shared/graph/schema';
import { explainNode, type ExplainTarget } from '../model/teaching';
import { lessonTitle } from '../model/teaching';
import { call } from '../backend/api';
import { fetchRunDetail } from '../runs/details';
import { refreshRuns, useRuns } from '../runs/store';
import { useEditor } from '../store/editor';
import { toast } from '../store/toasts';
import { explain, explainRunWindow } from './store';
import { plural } from '../model/format';

/**
 * "Explain this layer" in the inspector: the matching lesson, filled with this node's real sizes. For a
 * convolution or pooling that a finished run of this network trained (same node id, kind and settings), the
 * lesson can also use that run's trained weights and a real test image.
 */
export function ExplainButton({ node, analysis }: { node: GraphNode; analysis: NodeAnalysis }) {
  const target = explainNode(node, analysis);
  const topLevel = useEditor((s) => s.scope.length === 0);
  const windowed = topLevel && (target.lesson === 'conv' || target.lesson === 'pool');
  return (
    <div className="inspector-section">
      <h3 className="section-title">Teaching</h3>
      <button type="button" onClick={() => explain(target)} data-testid="explain-layer">
        Explain this layer
      </button>
      <p className="muted small">{describe(target)}</p>
      {windowed ? <TrainedWindow node={node} analysis={analysis} /> : null}
    </div>
  );
}

function describe(t: ExplainTarget): string {
  const lesson = lessonTitle(t.lesson);
  switch (t.lesson) {
    case 'conv': {
      const { inputShape, filters, groups, kernel } = t.setup;
      const split =
        groups === 1 ? '' : groups === inputShape[2] ? ', one group per channel' : ` in ${groups} groups`;
      return `${lesson} with this layer’s ${inputShape.join('×')} input and ${plural(filters, 'filter')} of ${kernel.join('×')}×${inputShape[2] / groups}${split}.`;
    }
    case 'pool':
      return `${lesson} with this layer’s window, stride and padding.`;
    case 'softmax':
      return `${lesson} with this layer’s ${plural(t.setup.classes, 'class', 'classes')}.`;
    case 'sizes':
      return `${lesson}: this layer’s output size worked out.`;
    default: {
      const never: never = t;
      return never;
    }
  }
}

const sameParams = (a: GraphNode, b: GraphNode) =>
  a.kind === b.kind && JSON.stringify(a.params) === JSON.stringify(b.params);

/** Finished runs with a saved model whose graph has this very node. */
function useTrainedRuns(node: GraphNode): readonly { runId: string; name: string }[] {
  const runs = useRuns((s) => s.runs);
  const [found, setFound] = useState<{ key: string; runs: { runId: string; name: string }[] } | null>(null);
  const candidates = runs.filter((r) => r.status === 'completed' || r.status === 'stopped').slice(0, 12);
  const key = `${node.id}:${JSON.stringify(node.params)}:${candidates.map((r) => r.runId).join(',')}`;
  useEffect(() => {
    void refreshRuns();
  }, []);
  useEffect(() => {
    let live = true;
    void Promise.all(candidates.map((r) => fetchRunDetail(r.runId))).then((details) => {
      if (!live) return;
      const matching = details.flatMap((d) =>
        d !== null && d.hasModel && d.graph.nodes.some((n) => n.id === node.id && sameParams(n, node))
          ? [{ runId: d.runId, name: d.name }]
          : [],
      );
      setFound({ key, runs: matching });
    });
    return () => {
      live = false;
    };
    // `key` names everything the lookup depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return found !== null && found.key === key ? found.runs : [];
}

function TrainedWindow({ node, analysis }: { node: GraphNode; analysis: NodeAnalysis }) {
  const runs = useTrainedRuns(node);
  const [picked, setPicked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  if (runs.length === 0) return null;
  const runId = picked !== null && runs.some((r) => r.runId === picked) ? picked : (runs[0]?.runId ?? '');
  const out = analysis.outputShape ?? [];
  const open = async () => {
    setBusy(true);
    const result = await call((api) =>
      api.runs.layerWindow({
        runId,
        imageIndex: 0,
        nodeId: node.id,
        oy: Math.floor((out[0] ?? 1) / 2),
        ox: Math.floor((out[1] ?? 1) / 2),
        channel: 0,
        size: 3,
      }),
    );
    setBusy(false);
    if (!result.ok) {
      toast.error(result.error.message, result.error.code);
      return;
    }
    explainRunWindow({
      runId,
      runName: runs.find((r) => r.runId === runId)?.name ?? runId,
      window: result.value,
    });
  };
  return (
    <div className="explain-run">
      <label htmlFor={id} className="muted small">
        With trained weights from
      </label>
      <div className="button-row">
        <select id={id} value={runId} onChange={(e) => setPicked(e.target.value)}>
          {runs.map((r) => (
            <option key={r.runId} value={r.runId}>
              {r.name}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void open()} disabled={busy}>
          {busy ? 'Loading…' : 'Explain with this run'}
        </button>
      </div>
    </div>
  );
}
