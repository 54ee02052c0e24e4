import { useState } from 'react';
import { DEFAULT_LEARNING_RATES, OPTIMIZERS, type OptimizerName } from '../../../shared/api/training';
import { optimizerLabel } from '../training/TrainSettings';
import { duplicateWithOptimizers } from './duplicate';
import { Overlay } from '../app/Overlay';

/** Pick the optimizers to train the same run with; they run one after another and join the comparison. */
export function DuplicateDialog({
  runId,
  runName,
  current,
  onClose,
  onQueued,
}: {
  runId: string;
  runName: string;
  current: OptimizerName;
  onClose: () => void;
  onQueued?: () => void;
}) {
  const others = OPTIMIZERS.filter((o) => o !== current);
  const [picked, setPicked] = useState<readonly OptimizerName[]>(() =>
    others.includes('rmsprop') ? ['rmsprop'] : others.slice(0, 1),
  );
  const toggle = (o: OptimizerName) =>
    setPicked((p) => (p.includes(o) ? p.filter((x) => x !== o) : [...p, o]));
  const go = () => {
    void duplicateWithOptimizers(runId, picked);
    onQueued?.();
    onClose();
  };
  return (
    <Overlay title="Duplicate run with another optimizer" onClose={onClose} size="small">
      <p>
        Train <strong>{runName}</strong> again with the same network, data and settings, changing only the
        optimizer (each with its default learning rate). Runs start one after another and are added to the
        comparison.
      </p>
      <fieldset className="duplicate-choices">
        <legend>Optimizers (this run used {optimizerLabel(current)})</legend>
        {others.map((o) => (
          <label key={o} className="toggle">
            <input type="checkbox" checked={picked.includes(o)} onChange={() => toggle(o)} />{' '}
            {optimizerLabel(o)} <span className="muted small">lr {DEFAULT_LEARNING_RATES[o]}</span>
          </label>
        ))}
      </fieldset>
      <div className="button-row">
        <button type="button" className="primary" disabled={picked.length === 0} onClick={go} data-autofocus>
          Train {picked.length} {picked.length === 1 ? 'run' : 'runs'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Overlay>
  );
}
