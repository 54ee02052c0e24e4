import { useMemo } from 'react';
import { backend } from '../backend/api';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/editor';
import { toConfig, useTrainingForm } from './config';
import { Curves } from './Curves';
import { isActive, liveSeries, useLive } from './live';
import { startBlockers } from './startCheck';
import { TrainControls } from './TrainControls';
import { TrainSettings } from './TrainSettings';

/** The Train sub-tab: settings on the left; controls, progress and the live curves on the right. */
export function TrainView() {
  const form = useTrainingForm();
  const analysis = useAnalysis((s) => s.model);
  const phase = useLive((s) => s.phase);
  const doc = useEditor((s) => s.doc);
  const name = doc.name;
  const result = useMemo(() => toConfig(form), [form]);
  const errors = useMemo(() => (result.ok ? {} : result.errors), [result]);
  const blockers = useMemo(
    () =>
      startBlockers({
        analysis,
        doc,
        datasetKind: form.datasetKind,
        transform: result.ok ? result.config.transform : undefined,
        formErrors: errors,
        connected: backend() !== null,
      }),
    [analysis, doc, form.datasetKind, result, errors],
  );
  return (
    <div className="train-view">
      <TrainSettings errors={errors} locked={isActive(phase)} />
      <section className="train-live" aria-label="Live training">
        <TrainControls config={result.ok ? result.config : null} blockers={blockers} />
        <Curves
          series={liveSeries}
          fileName={`${name}-training`}
          testIds={{ loss: 'loss-chart', accuracy: 'accuracy-chart' }}
        />
      </section>
    </div>
  );
}
