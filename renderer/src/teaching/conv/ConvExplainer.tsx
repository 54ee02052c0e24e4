import { useMemo, useState, type ReactNode } from 'react';
import {
  channelsOf,
  groupOf,
  convGeometry,
  convOutput,
  convStep,
  paddedInput,
  stepAt,
  stepCount,
  stepIndex,
  windowOrigin,
  writeStep,
  type ConvProblem,
  type ConvStep,
} from '../../model/teaching';
import { fmt } from '../../model/teaching';
import { CellGrid, OutputMap, cellSize } from '../CellGrid';
import { Im2colView } from './Im2colView';
import { ExplainerRegion, Transport } from '../Transport';
import { useStepper, type Stepper } from '../useStepper';

/**
 * The convolution drawn step by step: the (padded) input with the window of the current step, the filter, the
 * output map filling in, and the step's multiply-adds written out. It only draws: every number comes from
 * shared/teaching/conv. `editing` turns the input, filter and bias cells into fields.
 */
export interface ConvEdits {
  input(c: number, y: number, x: number, v: number): void;
  filter(f: number, c: number, y: number, x: number, v: number): void;
  bias(f: number, v: number): void;
}

/** Channels drawn side by side; deeper inputs show one channel at a time. */
const SIDE_BY_SIDE = 3;

export function ConvExplainer({
  problem,
  edits,
  initialStep = 0,
  digits = 2,
  sumDigits = 3,
  check,
  im2col = true,
  children,
}: {
  problem: ConvProblem;
  edits: ConvEdits | null;
  initialStep?: number;
  digits?: number;
  sumDigits?: number;
  /** Shown under the sum: e.g. the trained model's own value for this pixel. */
  check?: (step: ConvStep) => ReactNode;
  /** Draw the im2col matrices under the steps. */
  im2col?: boolean;
  /** Drawn under the steps (the lesson's worked facts), above im2col. */
  children?: ReactNode;
}) {
  const g = useMemo(() => convGeometry(problem), [problem]);
  const output = useMemo(() => convOutput(problem, g), [problem, g]);
  const padded = useMemo(() => paddedInput(problem, g), [problem, g]);
  const stepper = useStepper(stepCount(g), initialStep);
  const at = stepAt(g, stepper.index);
  const step = useMemo(
    () => (stepCount(g) === 0 ? null : convStep(problem, at.filter, at.oy, at.ox, g)),
    [problem, g, at.filter, at.oy, at.ox],
  );
  const [focus, setFocus] = useState(0);
  // The current filter's channels: all of them, or its group's C/G when the convolution is grouped.
  const own = useMemo(() => channelsOf(g, at.filter), [g, at.filter]);
  const channel = own.includes(focus) ? focus : (own[0] ?? 0);
  const shown = own.length <= SIDE_BY_SIDE ? own : [channel];
  const group = groupOf(g, at.filter);
  const activation = problem.activation ?? 'linear';
  const written = step === null ? null : writeStep(step, activation, sumDigits);
  const [t, b, l, r] = g.pads;
  const where = `output ${g.filters > 1 ? `map ${at.filter + 1}, ` : ''}row ${at.oy + 1}, column ${at.ox + 1}`;
  return (
    <ExplainerRegion name="Convolution explainer" stepper={stepper}>
      {own.length > SIDE_BY_SIDE ? (
        <ChannelPicker channels={own} total={g.channels} value={channel} onChange={setFocus} />
      ) : null}
      <div className="explainer-stage">
        <figure className="stage-panel">
          <figcaption>
            <strong>Input</strong>{' '}
            <span className="muted">
              {g.height}×{g.width}
              {g.channels > 1 ? `×${g.channels}` : ''}
              {t + b + l + r > 0 ? `, padded to ${g.height + t + b}×${g.width + l + r}` : ''}
            </span>
            {g.groups > 1 ? (
              <span className="muted small group-note" data-testid="explainer-group">
                {' · '}group {group + 1} of {g.groups}: channel
                {own.length === 1
                  ? ` ${(own[0] ?? 0) + 1}`
                  : `s ${(own[0] ?? 0) + 1}–${(own[own.length - 1] ?? 0) + 1}`}
              </span>
            ) : null}
          </figcaption>
          <div className="stage-channels">
            {shown.map((c) => (
              <InputChannel
                key={c}
                c={c}
                label={g.channels > 1 ? `channel ${c + 1}` : null}
                grid={padded[c] ?? []}
                step={step}
                pads={g.pads}
                window={windowSpan(g, at.oy, at.ox)}
                digits={digits}
                onEdit={edits === null ? undefined : (y, x, v) => edits.input(c, y - t, x - l, v)}
              />
            ))}
          </div>
        </figure>
        <div className="stage-op" aria-hidden="true">
          ⊗
        </div>
        <figure className="stage-panel">
          <figcaption>
            <strong>{g.filters > 1 ? `Filter ${at.filter + 1} of ${g.filters}` : 'Filter'}</strong>{' '}
            <span className="muted">
              {g.kernel[0]}×{g.kernel[1]}
              {g.filterDepth > 1 ? `×${g.filterDepth}` : ''}
              {g.dilation[0] > 1 || g.dilation[1] > 1 ? `, dilation ${g.dilation.join('×')}` : ''}
            </span>
          </figcaption>
          {g.filters > 1 ? <FilterPicker g={g} current={at.filter} stepper={stepper} /> : null}
          <div className="stage-channels">
            {shown.map((c) => {
              // The filter's own plane for input channel c (with groups, its index within the group).
              const k = own.indexOf(c);
              return (
                <div key={c} className="stage-channel">
                  {g.channels > 1 ? <span className="channel-label">channel {c + 1}</span> : null}
                  <CellGrid
                    grid={problem.filters[at.filter]?.[k] ?? []}
                    label={`Filter ${at.filter + 1}${g.channels > 1 ? `, channel ${c + 1}` : ''}`}
                    size={cellSize(g.kernel[0], g.kernel[1], 150)}
                    digits={digits}
                    cellClass={() => 'is-weight'}
                    onEdit={edits === null ? undefined : (y, x, v) => edits.filter(at.filter, k, y, x, v)}
                  />
                </div>
              );
            })}
          </div>
          {problem.bias !== null ? (
            <BiasField
              value={problem.bias[at.filter] ?? 0}
              digits={sumDigits}
              onEdit={edits === null ? undefined : (v) => edits.bias(at.filter, v)}
            />
          ) : null}
        </figure>
        <div className="stage-op" aria-hidden="true">
          =
        </div>
        <figure className="stage-panel">
          <figcaption>
            <strong>Output</strong>{' '}
            <span className="muted">
              {g.outH}×{g.outW}
              {g.filters > 1 ? ` (map ${at.filter + 1} of ${g.filters})` : ''}
            </span>
          </figcaption>
          <OutputMap
            grid={g.outH > 0 && g.outW > 0 ? (output[at.filter] ?? []) : []}
            label={`Output map ${at.filter + 1}`}
            at={at}
            digits={digits}
            problem={g.window.diagnostics[0]?.message ?? null}
          />
        </figure>
      </div>
      {written !== null && step !== null ? (
        <div className="written-sum" data-testid="explainer-sum">
          <div className="sum-where muted small">{where}</div>
          {written.channels.length > 1 ? (
            <ol className="sum-channels">
              {written.channels.map((c) => (
                <li key={c.channel} className={c.channel === channel ? 'is-focus' : undefined}>
                  <span className="sum-channel">channel {c.channel + 1}</span>
                  {c.channel === channel || written.channels.length <= SIDE_BY_SIDE ? (
                    <span className="mono">
                      {c.products} = {c.sum}
                    </span>
                  ) : (
                    <button type="button" className="link-button mono" onClick={() => setFocus(c.channel)}>
                      = {c.sum}
                    </button>
                  )}
                </li>
              ))}
            </ol>
          ) : null}
          <div className="sum-total mono">
            {written.totalled ? (
              <span className="muted sum-lead">
                Σ of the {written.channels.length} channel sums{step.bias !== null ? ', plus the bias' : ''}
                :{' '}
              </span>
            ) : null}
            {written.text}
          </div>
          {written.activation !== null ? (
            <div className="sum-activation mono">{written.activation}</div>
          ) : null}
          {check?.(step)}
        </div>
      ) : null}
      <Transport stepper={stepper} what={where} />
      {children}
      {im2col && stepCount(g) > 0 ? (
        <Im2colView problem={problem} g={g} row={at.oy * g.outW + at.ox} filter={at.filter} digits={digits} />
      ) : null}
    </ExplainerRegion>
  );
}

/** The window's rows and columns in padded coordinates (its full span, dilation gaps included). */
function windowSpan(g: ReturnType<typeof convGeometry>, oy: number, ox: number) {
  const [y0, x0] = windowOrigin(g, oy, ox);
  return {
    y0,
    x0,
    y1: y0 + (g.kernel[0] - 1) * g.dilation[0],
    x1: x0 + (g.kernel[1] - 1) * g.dilation[1],
  };
}

function InputChannel({
  c,
  label,
  grid,
  step,
  pads,
  window,
  digits,
  onEdit,
}: {
  c: number;
  label: string | null;
  grid: readonly (readonly number[])[];
  step: ConvStep | null;
  pads: readonly [number, number, number, number];
  window: { y0: number; x0: number; y1: number; x1: number };
  digits: number;
  onEdit: ((y: number, x: number, v: number) => void) | undefined;
}) {
  const terms = useMemo(() => {
    const m = new Map<string, number>();
    for (const term of step?.terms ?? []) if (term.c === c) m.set(`${term.y}:${term.x}`, term.weight);
    return m;
  }, [step, c]);
  const h = grid.length;
  const w = grid[0]?.length ?? 0;
  const [t, b, l, r] = pads;
  const isPad = (y: number, x: number) => y < t || x < l || y >= h - b || x >= w - r;
  return (
    <div className="stage-channel">
      {label !== null ? <span className="channel-label">{label}</span> : null}
      <CellGrid
        grid={grid}
        label={`Input${label !== null ? `, ${label}` : ''}${t + b + l + r > 0 ? ' with padding' : ''}`}
        digits={digits}
        cellClass={(y, x) =>
          [
            isPad(y, x) ? 'is-pad' : '',
            terms.has(`${y}:${x}`)
              ? 'in-window'
              : y >= window.y0 && y <= window.y1 && x >= window.x0 && x <= window.x1
                ? 'in-span'
                : '',
          ].join(' ')
        }
        cellNote={(y, x) => {
          const weight = terms.get(`${y}:${x}`);
          return weight === undefined || onEdit !== undefined ? null : `×${fmt(weight, digits)}`;
        }}
        onEdit={onEdit}
        editable={(y, x) => !isPad(y, x)}
      />
    </div>
  );
}

function BiasField({
  value,
  digits,
  onEdit,
}: {
  value: number;
  digits: number;
  onEdit?: (v: number) => void;
}) {
  return (
    <div className="bias-field">
      <span className="channel-label">bias</span>
      {onEdit === undefined ? (
        <span className="cell is-bias">{fmt(value, digits)}</span>
      ) : (
        <CellGrid
          grid={[[value]]}
          label="Bias"
          size={38}
          digits={digits}
          cellClass={() => 'is-bias'}
          onEdit={(_y, _x, v) => onEdit(v)}
        />
      )}
    </div>
  );
}

function ChannelPicker({
  channels,
  total,
  value,
  onChange,
}: {
  /** The input channels the current filter reads. */
  channels: readonly number[];
  total: number;
  value: number;
  onChange: (c: number) => void;
}) {
  return (
    <label className="toggle channel-picker">
      Channel shown{' '}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {channels.map((c) => (
          <option key={c} value={c}>
            {c + 1} of {total}
          </option>
        ))}
      </select>
      <span className="muted small">
        {channels.length === total
          ? 'every channel is in the sum; one is drawn at a time'
          : `this filter's ${channels.length} channels are in the sum; one is drawn at a time`}
      </span>
    </label>
  );
}

function FilterPicker({
  g,
  current,
  stepper,
}: {
  g: ReturnType<typeof convGeometry>;
  current: number;
  stepper: Stepper;
}) {
  return (
    <label className="toggle">
      Filter{' '}
      <select value={current} onChange={(e) => stepper.go(stepIndex(g, Number(e.target.value), 0, 0))}>
        {Array.from({ length: g.filters }, (_, f) => (
          <option key={f} value={f}>
            {f + 1} of {g.filters}
          </option>
        ))}
      </select>
    </label>
  );
}
