import { useMemo, type ReactNode } from 'react';
import {
  POOL_MODES,
  fmt,
  poolGeometry,
  poolIm2colSteps,
  poolOutput,
  poolStep,
  poolStepAt,
  poolStepCount,
  writePoolStep,
  type PoolMode,
  type PoolProblem,
  type PoolStep,
} from '../../model/teaching';
import { CellGrid, OutputMap } from '../CellGrid';
import { Facts } from '../fields';
import { SizeFormulas } from '../LessonParts';
import { ExplainerRegion, Transport } from '../Transport';
import { useStepper } from '../useStepper';

/**
 * The pooling drawn step by step: the (padded) input with the current window, the value kept, the output map
 * filling in, the same window under max, average and min, and the worked facts. It only draws: every number
 * comes from shared/teaching/pool.
 */
export const MODE_LABEL: Readonly<Record<PoolMode, string>> = { max: 'Max', avg: 'Average', min: 'Min' };

export function PoolExplainer({
  problem,
  onEdit,
  initialStep = 0,
  digits = 2,
  check,
}: {
  problem: PoolProblem;
  onEdit: ((c: number, y: number, x: number, v: number) => void) | null;
  initialStep?: number;
  digits?: number;
  check?: (step: PoolStep) => ReactNode;
}) {
  const g = useMemo(() => poolGeometry(problem), [problem]);
  const output = useMemo(() => poolOutput(problem, g), [problem, g]);
  const stepper = useStepper(poolStepCount(g), initialStep);
  const at = poolStepAt(g, stepper.index);
  const step = poolStepCount(g) === 0 ? null : poolStep(problem, at.channel, at.oy, at.ox, g);
  const [t, b, l, r] = g.pads;
  const padded = t + b + l + r > 0;
  const cellOf = new Map((step?.cells ?? []).map((cell, i) => [`${cell.y}:${cell.x}`, { cell, i }]));
  const plane = problem.input[at.channel] ?? [];
  const grid = Array.from({ length: g.height + t + b }, (_, y) =>
    Array.from({ length: g.width + l + r }, (_, x) => plane[y - t]?.[x - l] ?? 0),
  );
  const isPad = (y: number, x: number) => y < t || x < l || y >= t + g.height || x >= l + g.width;
  const where = `${g.channels > 1 ? `channel ${at.channel + 1}, ` : ''}output row ${at.oy + 1}, column ${at.ox + 1}`;
  // Average pooling has neither of PyTorch's options: with them on, the same window is compared by max and min.
  const pytorch = g.ceilMode || problem.ignorePadding === true;
  const all =
    step === null
      ? null
      : POOL_MODES.filter((m) => !pytorch || m !== 'avg').map(
          (m) => [m, poolStep({ ...problem, mode: m }, at.channel, at.oy, at.ox, g)] as const,
        );
  const [overH, overW] = g.overhang;
  return (
    <ExplainerRegion name="Pooling explainer" stepper={stepper}>
      <div className="explainer-stage">
        <figure className="stage-panel">
          <figcaption>
            <strong>Input</strong>{' '}
            <span className="muted">
              {g.height}×{g.width}×{g.channels}
              {g.channels > 1 ? ` (channel ${at.channel + 1})` : ''}
              {padded ? `, padded to ${g.height + t + b}×${g.width + l + r}` : ''}
            </span>
          </figcaption>
          <CellGrid
            grid={grid}
            label={`Input channel ${at.channel + 1}`}
            digits={digits}
            cellClass={(y, x) => {
              const hit = cellOf.get(`${y}:${x}`);
              return [
                isPad(y, x) ? 'is-pad' : '',
                hit === undefined
                  ? ''
                  : hit.i === step?.chosen
                    ? 'is-chosen'
                    : hit.cell.counted
                      ? 'in-window'
                      : 'is-ignored',
              ].join(' ');
            }}
            onEdit={
              onEdit === null ? undefined : (y, x, v) => !isPad(y, x) && onEdit(at.channel, y - t, x - l, v)
            }
          />
        </figure>
        <div className="stage-op" aria-hidden="true">
          →
        </div>
        <figure className="stage-panel">
          <figcaption>
            <strong>{MODE_LABEL[problem.mode]} pooling</strong>{' '}
            <span className="muted">
              {g.size.join('×')} window, stride{' '}
              {g.stride[0] === g.stride[1] ? g.stride[0] : g.stride.join('×')}
            </span>
          </figcaption>
          <OutputMap
            grid={g.outH > 0 && g.outW > 0 ? (output[at.channel] ?? []) : []}
            label={`Output channel ${at.channel + 1}`}
            at={at}
            digits={digits}
            problem={g.diagnostics[0]?.message ?? null}
          />
        </figure>
      </div>
      {step !== null ? (
        <div className="written-sum" data-testid="explainer-sum">
          <div className="sum-where muted small">{where}</div>
          <div className="sum-total mono">{writePoolStep(step, problem.mode, 3)}</div>
          {all !== null ? (
            <p className="sum-activation small">
              The same window:{' '}
              {all.map(([m, s]) => (
                <span key={m} className={m === problem.mode ? 'is-focus' : undefined}>
                  {MODE_LABEL[m].toLowerCase()} {fmt(s.value, 3)}
                  {m === 'min' ? '' : ' · '}
                </span>
              ))}
            </p>
          ) : null}
          {g.padCells === 'excluded' && problem.ignorePadding === true && t + b + l + r > overH + overW ? (
            <p className="muted small">
              The padding cells (hatched) are {problem.mode === 'min' ? '+∞' : '−∞'}, as PyTorch pads: a{' '}
              {problem.mode} never picks them.
            </p>
          ) : g.padCells === 'excluded' && padded ? (
            <p className="muted small">
              With ‘same’ padding the padding cells (hatched) are left out: a max never picks them and an
              average divides by the real cells only.
            </p>
          ) : t + b + l + r > overH + overW ? (
            <p className="muted small">Explicit padding adds zeros, which take part like any other value.</p>
          ) : null}
          {overH + overW > 0 ? (
            <p className="muted small" data-testid="pool-overhang">
              Ceil mode: the last window reaches {overH > 0 ? `${overH} row${overH === 1 ? '' : 's'}` : ''}
              {overH > 0 && overW > 0 ? ' and ' : ''}
              {overW > 0 ? `${overW} column${overW === 1 ? '' : 's'}` : ''} past the input; those cells never
              win.
            </p>
          ) : null}
          {check?.(step)}
        </div>
      ) : null}
      <Transport stepper={stepper} what={where} />
      <div className="facts-row">
        <Facts title="Output size">
          <SizeFormulas
            formulas={g.formulas}
            general={g.ceilMode ? 'OH = ⌈(H + 2P − size)/S⌉ + 1 (ceil mode)' : 'OH = (H + 2P − size)/S + 1'}
          />
        </Facts>
        <Facts title="Parameters">
          <p className="mono" data-testid="explainer-params">
            0
          </p>
          <p className="muted small">
            Pooling takes the max, mean or min of what it sees: there are no weights to learn.
          </p>
        </Facts>
        <Facts title="Channels">
          <p className="mono">
            {g.channels} in → {g.channels} out
          </p>
          <p className="muted small">Each channel is pooled on its own, so the depth is kept.</p>
        </Facts>
        <Facts title="As im2col">
          <ol className="formula-list mono small" data-testid="pool-im2col">
            {poolIm2colSteps({
              n: 1,
              c: g.channels,
              outH: g.outH,
              outW: g.outW,
              size: g.size,
              op: problem.mode,
            }).map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </Facts>
      </div>
    </ExplainerRegion>
  );
}
