import { useEffect, useState } from 'react';
import type { GraphAnalysis } from '../../../../shared/analysis/types';
import type { StrideError } from '../../../../shared/api/errors';
import type { GraphDoc } from '../../../../shared/graph/schema';
import type { TextFormat } from '../../../../shared/codegen/export';
import { exportText } from '../../model/core';
import { useAnalysis } from '../../store/analysis';
import { useEditor } from '../../store/editor';

/** Regenerating ResNet-50 takes tens of milliseconds: wait until edits pause. */
export const CODE_DEBOUNCE_MS = 250;

export interface GeneratedCode {
  readonly text: string;
  readonly error: StrideError | null;
  readonly doc: GraphDoc;
}

function generate(
  doc: GraphDoc,
  analysis: GraphAnalysis,
  format: TextFormat,
  training: boolean,
): GeneratedCode {
  const result = exportText(doc, format, { training: training ? {} : false }, analysis);
  return result.ok ? { text: result.value, error: null, doc } : { text: '', error: result.error, doc };
}

/**
 * The export of the open document, live: regenerated when the format changes (at once) and when the graph
 * changes (debounced). The analysis comes from the store, so nothing is analysed twice.
 */
export function useGeneratedCode(format: TextFormat, training: boolean): GeneratedCode {
  const doc = useEditor((s) => s.doc);
  const analysis = useAnalysis((s) => s.model);
  const [code, setCode] = useState(() => generate(doc, analysis, format, training));
  const [settings, setSettings] = useState({ format, training });

  // A new format or training choice shows at once: computed during render, like derived state.
  if (settings.format !== format || settings.training !== training) {
    setSettings({ format, training });
    setCode(generate(doc, analysis, format, training));
  }

  useEffect(() => {
    if (code.doc === doc) return undefined;
    const timer = setTimeout(() => setCode(generate(doc, analysis, format, training)), CODE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [doc, analysis, format, training, code.doc]);

  return code;
}
