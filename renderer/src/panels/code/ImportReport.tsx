import { useCode, type ShownImportRefusal } from './store';
import { plural } from '../../model/format';

/** What the last import could not carry over, per layer with its code; dismissed by the user. */
export function ImportReportBox() {
  const report = useCode((s) => s.importReport);
  const refusal = useCode((s) => s.importRefusal);
  const dismiss = useCode((s) => s.setImportReport);
  if (refusal !== null) return <RefusalBox refusal={refusal} />;
  if (report === null) return null;
  const faithful = report.issues.length === 0 && report.diagnostics.length === 0;
  return (
    <section className={`code-import-report${faithful ? '' : ' has-issues'}`} aria-label="Import report">
      <p>
        <strong>{report.file}</strong>: {plural(report.layers, 'layer')} imported as{' '}
        {plural(report.nodes, 'node')} (
        {report.source === 'stride-graph'
          ? 'the Stride graph kept in the file'
          : report.source.replace('keras-', 'Keras ')}
        ){faithful ? ', nothing left out' : ''}
        {report.fileParams === null
          ? `; ${report.params.toLocaleString('en-US')} parameters`
          : report.fileParams === report.params
            ? `; ${report.params.toLocaleString('en-US')} parameters, equal to the file's weights`
            : `; ${report.params.toLocaleString('en-US')} parameters against the file's ${report.fileParams.toLocaleString('en-US')}`}
        {report.weights === undefined ? '' : `; ${report.weights}`}
        {faithful ? '.' : ':'}
        <button
          type="button"
          className="link"
          onClick={() => dismiss(null)}
          aria-label="Dismiss the import report"
        >
          ✕
        </button>
      </p>
      {faithful ? null : (
        <ul>
          {report.issues.map((i) => (
            <li key={`${i.code}-${i.layer}`}>
              <code>{i.code}</code> {i.layer}: {i.message}
            </li>
          ))}
          {report.diagnostics.map((d) => (
            <li key={`${d.code}-${d.nodeId ?? ''}`}>
              <code>{d.code}</code> {d.nodeId ?? ''}: {d.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A refused import: why, each layer with its code, and the way to an approximation where there is one. */
function RefusalBox({ refusal }: { refusal: ShownImportRefusal }) {
  const dismiss = useCode((s) => s.setImportRefusal);
  return (
    <section className="code-import-report has-issues" aria-label="Import report">
      <p>
        <strong>{refusal.file}</strong> was not imported (<code>{refusal.code}</code>): {refusal.message}
        <button
          type="button"
          className="link"
          onClick={() => dismiss(null)}
          aria-label="Dismiss the import report"
        >
          ✕
        </button>
      </p>
      {refusal.errors.length === 0 ? null : (
        <ul>
          {refusal.errors.map((e, i) => (
            <li key={`${e.code}-${i}`}>
              <code>{e.code}</code> {e.message}
            </li>
          ))}
        </ul>
      )}
      {refusal.approximate === null ? null : (
        <p>
          <button type="button" className="small-button" onClick={() => void refusal.approximate?.()}>
            Import an approximation
          </button>{' '}
          <span className="muted small">
            — not the file's network: the report and the graph's description will say what changed.
          </span>
        </p>
      )}
    </section>
  );
}
