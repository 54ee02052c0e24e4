import { useEffect, useId, useState } from 'react';
import type { Shape } from '../../../shared/analysis/types';
import type { RunDetail } from '../../../shared/api/runs';
import { call } from '../backend/api';
import { analyzeDoc } from '../model/core';
import { fetchRunDetail } from '../runs/details';
import { refreshRuns, useRuns } from '../runs/store';
import { useAnalysis } from '../store/analysis';
import { toast } from '../store/toasts';
import { explainRunWindow } from './store';

/**
 * "Explain with this run" for one layer of the open network: the finished runs whose saved model has this very
 * layer, and a button that asks the run for the numbers behind its centre pixel (runs.layerWindow).
 *
 * A layer is named by its id in the expanded network: a top-level node's own id, or the path of block ids to
 * a part inside an Inception, Residual or user block (`inception3a/b2/conv`), which is what the run's model
 * knows it by. A run matches when its network expands to a layer of that id with the same kind and the same validated
 * settings — so a run trained before a block's filters were changed is not offered for the changed layer.
 */
const signature = (node: { kind: string; params: unknown }) => `${node.kind}:${JSON.stringify(node.params)}`;

// A finished run's network never changes: its layers' signatures are worked out once per run.
const runLayers = new Map<string, ReadonlyMap<string, string>>();

function layersOf(detail: RunDetail): ReadonlyMap<string, string> {
  let layers = runLayers.get(detail.runId);
  if (layers === undefined) {
    layers = new Map(analyzeDoc(detail.graph).expanded.nodes.map((n) => [n.id, signature(n)]));
    runLayers.set(detail.runId, layers);
  }
  return layers;
}

function useLayerSignature(layerId: string): string | null {
  return useAnalysis((s) => {
    const node = s.model.expanded.nodes.find((n) => n.id === layerId);
    return node === undefined ? null : signature(node);
  });
}

/** Finished runs with a saved model that has this very layer. */
function useTrainedRuns(layerId: string): readonly { runId: string; name: string }[] {
  const wanted = useLayerSignature(layerId);
  const runs = useRuns((s) => s.runs);
  const [found, setFound] = useState<{ key: string; runs: { runId: string; name: string }[] } | null>(null);
  const candidates = runs.filter((r) => r.status === 'completed' || r.status === 'stopped').slice(0, 12);
  const key = `${layerId}:${wanted ?? ''}:${candidates.map((r) => r.runId).join(',')}`;
  useEffect(() => {
    void refreshRuns();
  }, []);
  useEffect(() => {
    if (wanted === null) return;
    let live = true;
    void Promise.all(candidates.map((r) => fetchRunDetail(r.runId))).then((details) => {
      if (!live) return;
      const matching = details.flatMap((d) =>
        d !== null && d.hasModel && layersOf(d).get(layerId) === wanted
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

export function TrainedWindow({ layerId, outputShape }: { layerId: string; outputShape: Shape | null }) {
  const runs = useTrainedRuns(layerId);
  const [picked, setPicked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  if (runs.length === 0) return null;
  const runId = picked !== null && runs.some((r) => r.runId === picked) ? picked : (runs[0]?.runId ?? '');
  const out = outputShape ?? [];
  const open = async () => {
    setBusy(true);
    const result = await call((api) =>
      api.runs.layerWindow({
        runId,
        imageIndex: 0,
        nodeId: layerId,
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
