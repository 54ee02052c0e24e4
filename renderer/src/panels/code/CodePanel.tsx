import { lazy, Suspense, useRef } from 'react';
import type { TextFormat } from '../../../../shared/codegen/export';
import { FORMAT_INFO, suggestedFileName, TEXT_FORMATS } from '../../model/core';
import { copyCode, importModelFiles, saveCode, saveOnnx } from './actions';
import { ImportReportBox } from './ImportReport';
import { useCode } from './store';
import { useGeneratedCode } from './useGeneratedCode';
import './code.css';

// Monaco (several MB) loads the first time the Code tab opens, never at start-up.
const MonacoView = lazy(() => import('./MonacoView'));

const SHORT_LABEL: Readonly<Record<TextFormat, string>> = {
  ts: 'TypeScript',
  pytorch: 'PyTorch',
  'keras-json': 'Keras JSON',
};

/** The Code tab: the graph as TypeScript (tfjs), PyTorch or Keras JSON, live, read-only, to copy or save. */
export function CodePanel() {
  const format = useCode((s) => s.format);
  const training = useCode((s) => s.training);
  const setFormat = useCode((s) => s.setFormat);
  const setTraining = useCode((s) => s.setTraining);
  const code = useGeneratedCode(format, training);
  const file = useRef<HTMLInputElement>(null);
  const info = FORMAT_INFO[format];
  const lines = code.text === '' ? 0 : code.text.split('\n').length - 1;
  return (
    <div className="code-panel">
      <div className="code-toolbar" role="toolbar" aria-label="Code export">
        <div className="code-formats" role="radiogroup" aria-label="Format">
          {TEXT_FORMATS.map((f) => (
            <button
              key={f}
              type="button"
              role="radio"
              aria-checked={f === format}
              className={f === format ? 'active' : undefined}
              title={FORMAT_INFO[f].label}
              onClick={() => setFormat(f)}
            >
              {SHORT_LABEL[f]}
            </button>
          ))}
        </div>
        <label className="code-training" title="train() / the training script with the chosen optimizer">
          <input
            type="checkbox"
            checked={training && format !== 'keras-json'}
            disabled={format === 'keras-json'}
            onChange={(e) => setTraining(e.target.checked)}
          />
          Training code
        </label>
        <span className="code-status muted" data-testid="code-status">
          {code.error === null ? `${suggestedFileName(code.doc, format)} · ${lines} lines` : 'not exportable'}
        </span>
        <button type="button" disabled={code.error !== null} onClick={() => void copyCode(code.text)}>
          Copy
        </button>
        <button
          type="button"
          disabled={code.error !== null}
          onClick={() => void saveCode(code.doc, format, code.text)}
        >
          Save…
        </button>
        <button
          type="button"
          disabled={code.error !== null}
          title="The graph as ONNX (opset 13, NCHW) with its initial weights; a run's trained weights: Export ONNX in the run"
          onClick={() => void saveOnnx(code.doc)}
        >
          ONNX…
        </button>
        <button
          type="button"
          onClick={() => file.current?.click()}
          title="Open a tfjs model.json or Keras model JSON"
        >
          Import model.json…
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,.bin,.h5,.keras,application/json"
          multiple
          hidden
          data-testid="code-import-input"
          onChange={(e) => {
            const picked = [...(e.target.files ?? [])];
            e.target.value = '';
            if (picked.length > 0) void importModelFiles(picked);
          }}
        />
      </div>
      <ImportReportBox />
      {code.error !== null ? (
        <div className="code-error" role="alert">
          <strong>The graph cannot be exported yet.</strong> {code.error.message}{' '}
          <code>{code.error.code}</code>
          <p className="muted">
            Fix the problems marked on the canvas (Problems tab); the code appears here at once.
          </p>
        </div>
      ) : (
        <Suspense fallback={<div className="panel-empty muted">Loading the code editor…</div>}>
          <MonacoView text={code.text} language={info.language} label={`${info.label} code`} />
        </Suspense>
      )}
    </div>
  );
}
