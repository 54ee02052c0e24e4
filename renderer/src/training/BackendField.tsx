import { useEffect } from 'react';
import { BACKENDS, type BackendChoice } from '../../../shared/api/training';
import { loadDoctor, RUNGS_OF_CHOICE, useDoctor } from './doctor';
import { SelectInput } from './fields';
import { useTrainingForm } from './config';

const CHOICE_LABELS: Readonly<Record<BackendChoice, string>> = {
  auto: 'Auto (best available)',
  torch: 'PyTorch (your python3: CUDA, ROCm, MPS or CPU)',
  tensorflow: 'TensorFlow (CUDA or CPU)',
  webgpu: 'WebGPU',
  wasm: 'WebAssembly',
  cpu: 'CPU (JavaScript)',
};

/**
 * Backend: auto or forced, with what `system.doctor` found — the device `auto` would use and, for every rung
 * that cannot run here, the reason (and the fix, on hover).
 */
export function BackendField({ disabled }: { disabled?: boolean }) {
  const { report, loading, error } = useDoctor();
  const choice = useTrainingForm((s) => s.backend);
  useEffect(() => {
    void loadDoctor();
  }, []);
  const ready = (c: string) =>
    report === null ||
    (RUNGS_OF_CHOICE[c] ?? []).some((r) => report.rungs.find((x) => x.rung === r)?.status === 'ready');
  const options = BACKENDS.map((b) => ({
    value: b,
    label: `${CHOICE_LABELS[b]}${b !== 'auto' && !ready(b) ? ' — unavailable' : ''}`,
  }));
  const selected = report?.rungs.find((r) => r.rung === report.selected) ?? null;
  const shown =
    choice === 'auto'
      ? selected
      : (report?.rungs.find(
          (r) => (RUNGS_OF_CHOICE[choice] ?? []).includes(r.rung) && r.status === 'ready',
        ) ??
        report?.rungs.find((r) => (RUNGS_OF_CHOICE[choice] ?? []).includes(r.rung)) ??
        null);
  return (
    <SelectInput field="backend" label="Backend" options={options} disabled={disabled}>
      <div className="backend-report" aria-live="polite">
        {loading ? <span className="muted">Checking this machine…</span> : null}
        {error !== null ? <span className="field-error">Could not check the backends: {error}</span> : null}
        {shown !== null ? (
          <span>
            {shown.status === 'ready' ? (
              <>
                Device: <strong>{shown.device ?? shown.label}</strong> — {shown.label}
              </>
            ) : (
              <span className="field-error">
                {shown.label} cannot run here: {shown.reason}
              </span>
            )}
          </span>
        ) : null}
        {report !== null ? (
          <details className="backend-details">
            <summary>Why not a faster backend?</summary>
            <ul>
              {report.rungs.map((r) => (
                <li key={r.rung} title={r.fix ?? undefined}>
                  <span className={r.status === 'ready' ? 'rung-ready' : 'rung-skipped'}>
                    {r.status === 'ready' ? '✓' : '✗'}
                  </span>{' '}
                  <strong>{r.label}</strong>:{' '}
                  {r.status === 'ready' ? (r.device ?? 'ready') : (r.reason ?? r.status)}
                  {r.fix !== null && r.status !== 'ready' ? (
                    <div className="muted small">Fix: {r.fix}</div>
                  ) : null}
                </li>
              ))}
            </ul>
            {report.torch !== null ? (
              <p className="muted small" data-testid="torch-python">
                PyTorch engine:{' '}
                {report.torch.python === null
                  ? (report.torch.error ?? 'no Python found')
                  : `${report.torch.python}${report.torch.pythonVersion === null ? '' : ` (Python ${report.torch.pythonVersion})`}, ${
                      report.torch.torch === null
                        ? (report.torch.error ?? 'no torch')
                        : `torch ${report.torch.torch} (${report.torch.rocm !== null ? `ROCm ${report.torch.rocm}` : report.torch.cuda !== null ? `CUDA ${report.torch.cuda}` : 'CPU-only build'}); ${report.torch.devices.join(', ')}`
                    }`}
              </p>
            ) : null}
            <button type="button" className="small-button" onClick={() => void loadDoctor(true)}>
              Check again
            </button>
          </details>
        ) : null}
      </div>
    </SelectInput>
  );
}
