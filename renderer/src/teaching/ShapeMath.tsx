import type { NodeAnalysis } from '../../../shared/analysis/types';
import { formatInt } from '../model/format';

/**
 * The lecture notes' arithmetic for the selected layer, with its own numbers: the output-size formula worked
 * out per axis, the receptive field on the network input, and the im2col matrix a convolution becomes (one
 * row per output position, one column per filter weight). All values come from the shared analysis.
 */
export function ShapeMath({ analysis: a }: { analysis: NodeAnalysis }) {
  if (a.formulas.length === 0 && a.receptiveField === null && a.im2col === null) return null;
  return (
    <section className="inspector-section teaching" aria-labelledby={`shape-math-${a.nodeId}`}>
      <h3 id={`shape-math-${a.nodeId}`} className="section-title">
        How the shape is computed
      </h3>
      {a.formulas.length > 0 ? (
        <>
          <p className="muted small">
            O = ⌊(H + 2P − F) / S⌋ + 1{' '}
            <span className="teaching-legend">(H input, P padding, F kernel, S stride)</span>
          </p>
          <ul className="formulas">
            {a.formulas.map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <dl className="facts">
        {a.receptiveField !== null ? (
          <>
            <dt>Receptive field</dt>
            <dd title="How many input pixels one output value sees, and how far apart neighbouring outputs look">
              {a.receptiveField.size.join('×')} (jump {a.receptiveField.jump.join('×')})
            </dd>
          </>
        ) : null}
        {a.im2col !== null ? (
          <>
            <dt>im2col</dt>
            <dd title="The convolution as one matrix product: output positions × (FH·FW·C)">
              {formatInt(a.im2col.rows)} × {formatInt(a.im2col.cols)}
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
