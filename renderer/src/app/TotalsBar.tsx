import { useShallow } from 'zustand/react/shallow';
import { formatBytes, formatCompact, formatInt, plural } from '../model/format';
import { useAnalysis } from '../store/analysis';
import { usePrefs } from '../store/prefs';
import { useHidden } from '../teaching/predict/store';

/** The model's totals, always visible: params (total / trainable / non-trainable), MACs, memory, depth. */
export function TotalsBar() {
  const t = useAnalysis((s) => s.model.totals);
  const { errors, warnings } = useAnalysis(
    useShallow((s) => {
      let e = 0;
      let w = 0;
      for (const d of s.model.diagnostics) {
        if (d.severity === 'error') e += 1;
        else if (d.severity === 'warning') w += 1;
      }
      return { errors: e, warnings: w };
    }),
  );
  const setTab = usePrefs((s) => s.setBottomTab);
  const ms = useAnalysis((s) => s.lastMs);
  // Predict mode: the totals would give the parameter counts away.
  const hidden = useHidden();
  const count = (n: number) => (hidden ? '—' : formatInt(n));
  return (
    <footer className="totals-bar" aria-label="Model totals">
      <Stat label="Total params">
        <span data-testid="total-params">{count(t.params)}</span>
      </Stat>
      <Stat label="Trainable">{count(t.trainableParams)}</Stat>
      <Stat label="Non-trainable">{count(t.nonTrainableParams)}</Stat>
      <Stat
        label="MACs"
        title={hidden ? 'Hidden in predict mode' : `${formatInt(t.macs)} multiply-accumulates per sample`}
      >
        {hidden ? '—' : formatCompact(t.macs)}
      </Stat>
      <Stat
        label="Activations"
        title={hidden ? 'Hidden in predict mode' : 'Activation memory for one sample (float32)'}
      >
        {/* The sum of every output's size: it would give the shapes away. */}
        {hidden ? '—' : formatBytes(t.activationBytes)}
      </Stat>
      <Stat label="Depth" title="Weight layers on the longest path">
        {t.depth}
      </Stat>
      <span className="totals-spacer" />
      <span
        className="stat-label"
        title="Time the live analysis took for the last edit"
        data-testid="analysis-ms"
      >
        analysed in {ms < 1 ? '<1' : ms.toFixed(ms < 10 ? 1 : 0)} ms
      </span>
      <button
        type="button"
        className={`totals-problems${errors > 0 ? ' has-error' : warnings > 0 ? ' has-warning' : ''}`}
        onClick={() => {
          usePrefs.getState().setView('designer');
          setTab('problems');
        }}
        aria-label={`${plural(errors, 'error')}, ${plural(warnings, 'warning')}: show problems`}
      >
        {errors > 0 || warnings > 0
          ? `● ${plural(errors, 'error')} · ${plural(warnings, 'warning')}`
          : '✓ No problems'}
      </button>
    </footer>
  );
}

function Stat({ label, title, children }: { label: string; title?: string; children: React.ReactNode }) {
  return (
    <span className="stat" title={title}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{children}</span>
    </span>
  );
}
