import type { NodeSource } from '../model/teaching';
import { isConvWindow } from '../model/teaching';
import type { LayerWindow } from '../../../shared/api/runs';
import { formatShape } from '../model/format';
import type { RunWindowRef } from './store';

/** Pieces the lessons share: where the numbers come from, and worked formulas. */

/** "Explain this layer": the node, its real shapes, the analysis' worked formulas and receptive field. */
export function NodeBanner({ source, note }: { source: NodeSource; note: string }) {
  const params = source.formulas.find((f) => f.startsWith('params:'));
  return (
    <section
      className="lesson-banner"
      aria-label="Explaining a layer of your network"
      data-testid="explain-banner"
    >
      <p>
        Explaining <strong>{source.name}</strong> <span className="mono muted">{source.notation}</span>: input{' '}
        <span className="mono">{formatShape(source.inputShape)}</span> → output{' '}
        <span className="mono">{formatShape(source.outputShape)}</span>.
      </p>
      <dl className="banner-facts">
        {params !== undefined ? (
          <>
            <dt>Parameters</dt>
            <dd className="mono" data-testid="explain-params">
              {params.replace(/^params: /, '')}
            </dd>
          </>
        ) : null}
        {source.receptiveField !== null ? (
          <>
            <dt>Receptive field</dt>
            <dd className="mono" data-testid="explain-receptive-field">
              {source.receptiveField.size.join('×')} pixels of the network input (jump{' '}
              {source.receptiveField.jump.join('×')})
            </dd>
          </>
        ) : null}
        {source.formulas
          .filter((f) => /^(H|W|FH_eff|FW_eff): /.test(f))
          .map((f) => (
            <FormulaRow key={f} formula={f} />
          ))}
      </dl>
      <p className="muted small">{note}</p>
    </section>
  );
}

function FormulaRow({ formula }: { formula: string }) {
  const [axis, ...rest] = formula.split(': ');
  return (
    <>
      <dt>{axis === 'H' ? 'Output H' : axis === 'W' ? 'Output W' : axis}</dt>
      <dd className="mono">{rest.join(': ')}</dd>
    </>
  );
}

/** A trained run's window: which run, image, layer and pixel. */
export function RunBanner({ runRef, onBack }: { runRef: RunWindowRef; onBack: () => void }) {
  const w = runRef.window;
  const rows = `${w.region.oy + 1}–${w.region.oy + w.region.h}`;
  const cols = `${w.region.ox + 1}–${w.region.ox + w.region.w}`;
  return (
    <section
      className="lesson-banner is-run"
      aria-label="Real numbers from a trained run"
      data-testid="run-banner"
    >
      <p>
        Run <strong>{runRef.runName}</strong>, test image {w.imageIndex}: layer <strong>{w.name}</strong> (
        {w.inputShape.join('×')} → {w.outputShape.join('×')}), output channel {w.channel + 1}, rows {rows} and
        columns {cols}.{' '}
        {isConvWindow(w)
          ? `The input values are what this layer received (the first layer sees the normalised image); the filter and bias are as trained.${groupText(w)}`
          : 'The input values are what this layer received; pooling has no weights.'}
      </p>
      <button type="button" className="link-button" onClick={onBack}>
        ← Back to the activations overview
      </button>
    </section>
  );
}

/** A grouped or depthwise convolution's filter reads only some input channels: which. */
function groupText(w: LayerWindow): string {
  const c = w.inputChannels;
  if (c.length === w.inputShape[2]) return '';
  const first = (c[0] ?? 0) + 1;
  const last = (c[c.length - 1] ?? 0) + 1;
  return c.length === 1
    ? ` This filter reads input channel ${first} only (${w.kind === 'depthwiseconv2d' ? 'depthwise' : 'grouped'}).`
    : ` This filter reads input channels ${first}–${last} only (its group).`;
}

/** The output-size rule, then each axis worked out with the numbers (the analysis' own wording). */
export function SizeFormulas({ formulas, general }: { formulas: readonly string[]; general: string }) {
  return (
    <>
      <p className="mono muted">{general}</p>
      <ul className="formula-list" data-testid="explainer-formulas">
        {formulas.map((f) => (
          <li key={f} className="mono">
            {f}
          </li>
        ))}
      </ul>
    </>
  );
}
