import { useMemo } from 'react';
import type { TrainingConfig } from '../../../shared/api/training';
import { backend } from '../backend/api';
import { useAnalysis } from '../store/analysis';
import { useEditor } from '../store/editor';
import { toConfig, useTrainingForm, type FormErrors } from './config';
import { startBlockers, type Blocker } from './startCheck';

/** The run the settings describe and why it cannot start, for every place with a Start button. */
export function useTrainSetup(): {
  config: TrainingConfig | null;
  errors: FormErrors;
  blockers: readonly Blocker[];
} {
  const form = useTrainingForm();
  const analysis = useAnalysis((s) => s.model);
  const doc = useEditor((s) => s.doc);
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
  return { config: result.ok ? result.config : null, errors, blockers };
}
