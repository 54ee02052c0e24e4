import { useShallow } from 'zustand/react/shallow';
import { goToNode } from '../panels/goToNode';
import { currentProject } from '../runs/project';
import { useEditor } from '../store/editor';
import { usePrefs } from '../store/prefs';
import { dequeue, pauseTraining, resumeTraining, startTraining, stopTraining, useRunQueue } from './actions';
import type { TrainingConfig } from '../../../shared/api/training';
import { evaluationText, isActive, isEvaluating, statusText, useLive } from './live';
import { formatCount, formatDuration, formatPercent, fractionDone } from './progress';
import type { Blocker } from './startCheck';
import type { FitSuggestion } from '../../../shared/datasets/fit';
import { describeTransform, setInputShape } from '../model/core';
import { applyDocEdit } from '../store/applyEdit';
import { IMMEDIATE } from '../store/history';
import { transformFields, useTrainingForm } from './config';

export function TrainControls({
  config,
  blockers,
}: {
  config: TrainingConfig | null;
  blockers: readonly Blocker[];
}) {
  const phase = useLive((s) => s.phase);
  const canStart = config !== null && blockers.length === 0 && !isActive(phase);
  const active = isActive(phase) && phase !== 'starting';
  const start = () => {
    if (config === null) return;
    const { doc } = useEditor.getState();
    void startTraining(doc, config, doc.name, { project: currentProject() });
  };
  return (
    <div className="train-controls">
      <div className="button-row">
        <button
          type="button"
          className="primary"
          data-testid="train-start"
          disabled={!canStart}
          onClick={start}
        >
          Start training
        </button>
        <button
          type="button"
          data-testid="train-pause"
          disabled={!active || phase === 'stopping'}
          aria-pressed={phase === 'paused'}
          onClick={() => void (phase === 'paused' ? resumeTraining() : pauseTraining())}
        >
          {phase === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          data-testid="train-stop"
          disabled={!active || phase === 'stopping'}
          onClick={() => void stopTraining()}
        >
          Stop
        </button>
        <RunStatus />
      </div>
      {blockers.length > 0 && !isActive(phase) ? <Blockers blockers={blockers} /> : null}
      <Failure />
      <Progress />
      <Queue />
    </div>
  );
}

function RunStatus() {
  const text = useLive(statusText);
  const phase = useLive((s) => s.phase);
  return (
    <span
      className={`run-status run-status-${phase}`}
      data-testid="run-status"
      role="status"
      aria-live="polite"
    >
      {text}
    </span>
  );
}

function suggestionLabel(s: FitSuggestion): string {
  if (s.action === 'set-input') return `Set Input to ${s.shape.join('×')}`;
  return Object.keys(s.transform).length === 0
    ? 'Clear the input transform'
    : `Fix: ${describeTransform(s.transform)}`;
}

/** One click: the form's transform fields, or the Input node (one undo step). */
function applySuggestion(s: FitSuggestion): void {
  if (s.action === 'transform') {
    useTrainingForm.setState(transformFields(s.transform));
    return;
  }
  applyDocEdit(`Set Input to ${s.shape.join('×')}`, (doc) => setInputShape(doc, s.shape) ?? doc, IMMEDIATE);
}

function Blockers({ blockers }: { blockers: readonly Blocker[] }) {
  return (
    <ul className="train-blockers" aria-label="Why training cannot start">
      {blockers.map((b) => (
        <li key={b.code}>
          <span className="problem-code">{b.code}</span> {b.message}{' '}
          {b.where === 'problems' ? (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                usePrefs.getState().setView('designer');
                usePrefs.getState().setBottomTab('problems');
              }}
            >
              Show in Problems
            </button>
          ) : null}
          {b.where === 'graph' && b.nodeId !== null ? (
            <button type="button" className="link-button" onClick={() => goToNode(b.nodeId as string)}>
              Show node
            </button>
          ) : null}
          {(b.suggestions ?? []).map((s) => (
            <button
              key={s.action}
              type="button"
              className="small-button fix-button"
              data-testid={`fix-${s.action}`}
              onClick={() => applySuggestion(s)}
            >
              {suggestionLabel(s)}
            </button>
          ))}
        </li>
      ))}
    </ul>
  );
}

function Failure() {
  const failure = useLive((s) => s.failure);
  if (failure === null) return null;
  return (
    <p className="train-failure" role="alert">
      <span className="problem-code">{failure.code}</span> {failure.message}{' '}
      {failure.nodeId !== null ? (
        <button type="button" className="link-button" onClick={() => goToNode(failure.nodeId as string)}>
          Show node
        </button>
      ) : null}
    </p>
  );
}

function Progress() {
  const s = useLive(
    useShallow((l) => ({
      phase: l.phase,
      epoch: l.epoch,
      batch: l.batch,
      epochs: l.epochs,
      batchesPerEpoch: l.batchesPerEpoch,
      imagesPerSecond: l.imagesPerSecond,
      eta: l.etaSeconds,
      backend: l.start?.backend ?? null,
      device: l.start?.device ?? null,
      end: l.end,
      lastEpoch: l.lastEpoch,
      stage: isEvaluating(l) ? evaluationText(l) : null,
    })),
  );
  if (s.epochs === 0 && s.end === null) return null;
  const fraction = s.end !== null && !s.end.stopped ? 1 : fractionDone(s);
  const percent = Math.round(fraction * 1000) / 10;
  return (
    <div className="train-progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%, epoch ${s.epoch} of ${s.epochs}`}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      {s.stage !== null ? (
        <p className="train-stage" data-testid="train-stage" role="status">
          {s.stage}
        </p>
      ) : null}
      <p className="progress-text" data-testid="train-progress">
        <span>
          Epoch {s.epoch}/{s.epochs} · batch {s.batch}/{s.batchesPerEpoch}
        </span>
        <span>{formatCount(s.imagesPerSecond)} img/s</span>
        {isActive(s.phase) ? <span>ETA {formatDuration(s.eta)}</span> : null}
        {s.lastEpoch !== null ? (
          <span>
            val acc. {formatPercent(s.lastEpoch.valAccuracy)} · val loss{' '}
            {s.lastEpoch.valLoss === null ? '—' : s.lastEpoch.valLoss.toFixed(4)}
          </span>
        ) : null}
        {s.backend !== null ? (
          <span className="muted">
            {s.backend} on {s.device}
          </span>
        ) : null}
        {s.end !== null ? (
          <strong>
            Test accuracy {formatPercent(s.end.testAccuracy)} in {formatDuration(s.end.seconds)}
          </strong>
        ) : null}
      </p>
    </div>
  );
}

function Queue() {
  const queue = useRunQueue((s) => s.queue);
  if (queue.length === 0) return null;
  return (
    <ol className="train-queue" aria-label="Queued runs">
      {queue.map((q) => (
        <li key={q.id}>
          Next: {q.name}{' '}
          <button
            type="button"
            className="small-button"
            onClick={() => dequeue(q.id)}
            aria-label={`Remove ${q.name} from the queue`}
          >
            Remove
          </button>
        </li>
      ))}
    </ol>
  );
}
