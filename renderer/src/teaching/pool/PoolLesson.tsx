import { useMemo, useState, type ReactNode } from 'react';
import type { Padding } from '../../../../shared/layers/common/params';
import { POOL_INPUT } from '../../model/teaching';
import type { PoolSetup } from '../../model/teaching';
import { fmt, volumeShape, type Volume } from '../../model/teaching';
import {
  POOL_MODES,
  poolGeometry,
  poolOutput,
  poolStep,
  poolStepAt,
  poolStepCount,
  writePoolStep,
  type PoolMode,
  type PoolProblem,
  type PoolStep,
} from '../../model/teaching';
import { isConvWindow, poolFromWindow, poolIm2colSteps } from '../../model/teaching';
import { resizeVolume, sampleVolume } from '../../model/teaching';
import { CellGrid } from '../CellGrid';
import { Facts, LessonHead, NumField, PaddingField } from '../fields';
import { NodeBanner, RunBanner, SizeFormulas } from '../LessonParts';
import { openActivations, useLessons, type RunWindowRef } from '../store';
import { Transport } from '../Transport';
import { useAutoFocus, useStepper } from '../useStepper';

/** `?lesson=pool`: max, average and min pooling over the lecture notes' example, a node's sizes or a run. */
export function PoolLesson() {
  const setup = useLessons((s) => s.pool);
  const run = useLessons((s) => s.runWindow);
  const opened = useLessons((s) => s.opened);
  if (run !== null && !isConvWindow(run.window)) return <RunPoolLesson key={opened} runRef={run} />;
  return <EditablePoolLesson key={opened} setup={setup} />;
}

const MODE_LABEL: Readonly<Record<PoolMode, string>> = { max: 'Max', avg: 'Average', min: 'Min' };
const MAX_SIDE = 12;

interface PoolState {
  readonly input: Volume;
  readonly mode: PoolMode;
  readonly size: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: Padding;
  /** PyTorch's options, for max and min pooling. */
  readonly ceilMode: boolean;
  readonly ignorePadding: boolean;
  readonly seed: number;
}

function initial(setup: PoolSetup | null): PoolState {
  if (setup === null)
    return {
      input: [POOL_INPUT],
      mode: 'max',
      size: [2, 2],
      stride: [2, 2],
      padding: 'valid',
      ceilMode: false,
      ignorePadding: false,
      seed: 3,
    };
  const [h, w, c] = setup.inputShape;
  return {
    input: sampleVolume(Math.min(c, 8), Math.min(h, MAX_SIDE), Math.min(w, MAX_SIDE), 11, 0, 9),
    mode: setup.mode,
    size: setup.size,
    stride: setup.stride,
    padding: setup.padding,
    ceilMode: setup.ceilMode,
    ignorePadding: setup.ignorePadding,
    seed: 11,
  };
}

/** PyTorch's options apply to max and min pooling; ceil mode not with 'same' (it already rounds up). */
const usesCeil = (s: PoolState) => s.mode !== 'avg' && s.ceilMode && s.padding !== 'same';
const usesIgnore = (s: PoolState) => s.mode !== 'avg' && s.ignorePadding;

const toProblem = (s: PoolState): PoolProblem => ({
  input: s.input,
  mode: s.mode,
  size: [s.size[0], s.size[1]],
  stride: [s.stride[0], s.stride[1]],
  padding: s.padding,
  ceilMode: usesCeil(s),
  ignorePadding: usesIgnore(s),
});

function EditablePoolLesson({ setup }: { setup: PoolSetup | null }) {
  const [state, setState] = useState<PoolState>(() => initial(setup));
  const [editing, setEditing] = useState(false);
  const problem = useMemo(() => toProblem(state), [state]);
  const [c, h, w] = volumeShape(state.input);
  const reshape = (nc: number, nh: number, nw: number) =>
    setState((s) => {
      const fresh = sampleVolume(nc, nh, nw, s.seed, 0, 9);
      return { ...s, input: resizeVolume(s.input, nc, nh, nw, (k, y, x) => fresh[k]?.[y]?.[x] ?? 0) };
    });
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <LessonHead title="Pooling">
        Pooling shrinks a feature map: each window is replaced by its largest (max), mean (average) or
        smallest (min) value, channel by channel. There is nothing to learn, and the number of channels does
        not change.
      </LessonHead>
      {setup?.source != null ? (
        <NodeBanner
          source={setup.source}
          note="The grids use sample numbers; the window, stride and padding are the layer’s."
        />
      ) : null}
      <div className="lesson-controls" role="group" aria-label="Pooling settings">
        <div className="mini-field">
          <span>Pooling</span>
          <div className="segmented" role="radiogroup" aria-label="Pooling">
            {POOL_MODES.map((m) => (
              <button
                key={m}
                type="button"
                role="radio"
                aria-checked={state.mode === m}
                onClick={() => setState((s) => ({ ...s, mode: m }))}
              >
                {MODE_LABEL[m]}
              </button>
            ))}
          </div>
        </div>
        <NumField label="Input H" value={h} min={1} max={16} onChange={(v) => reshape(c, v, w)} />
        <NumField label="Input W" value={w} min={1} max={16} onChange={(v) => reshape(c, h, v)} />
        <NumField
          label="Channels C"
          value={c}
          min={1}
          max={Math.max(8, c)}
          onChange={(v) => reshape(v, h, w)}
        />
        <NumField
          label="Window"
          value={state.size[0]}
          min={1}
          max={6}
          onChange={(v) => setState((s) => ({ ...s, size: [v, v] }))}
        />
        <NumField
          label="Stride"
          value={state.stride[0]}
          min={1}
          max={6}
          onChange={(v) => setState((s) => ({ ...s, stride: [v, v] }))}
        />
        <PaddingField value={state.padding} onChange={(padding) => setState((s) => ({ ...s, padding }))} />
        {state.mode !== 'avg' ? (
          <>
            <label
              className="toggle"
              title={
                state.padding === 'same'
                  ? '‘same’ already rounds the output up (⌈N/S⌉); ceil mode goes with valid or P padding'
                  : 'PyTorch’s ceil_mode: the output size rounds up, the last window may reach past the input'
              }
            >
              <input
                type="checkbox"
                checked={state.ceilMode}
                disabled={state.padding === 'same'}
                onChange={(e) => setState((s) => ({ ...s, ceilMode: e.target.checked }))}
              />{' '}
              Ceil mode (PyTorch)
            </label>
            <label className="toggle" title="PyTorch pads a max pooling with −∞ (a min pooling with +∞)">
              <input
                type="checkbox"
                checked={state.ignorePadding}
                onChange={(e) => setState((s) => ({ ...s, ignorePadding: e.target.checked }))}
              />{' '}
              Padding never wins ({state.mode === 'min' ? '+∞' : '−∞'})
            </label>
          </>
        ) : null}
        <div className="button-row lesson-actions">
          <button type="button" aria-pressed={editing} onClick={() => setEditing((e) => !e)}>
            {editing ? 'Done editing' : 'Edit numbers'}
          </button>
          <button
            type="button"
            onClick={() =>
              setState((s) => {
                const seed = s.seed + 1;
                return { ...s, seed, input: sampleVolume(c, h, w, seed, 0, 9) };
              })
            }
          >
            New numbers
          </button>
          <button type="button" onClick={() => setState(initial(setup))}>
            {setup === null ? 'Lecture example' : 'Reset to the layer'}
          </button>
        </div>
      </div>
      <PoolExplainer
        problem={problem}
        onEdit={
          editing
            ? (k, y, x, v) =>
                setState((s) => ({
                  ...s,
                  input: s.input.map((g, kk) =>
                    kk !== k
                      ? g
                      : g.map((row, yy) => (yy !== y ? row : row.map((old, xx) => (xx === x ? v : old)))),
                  ),
                }))
            : null
        }
      />
    </article>
  );
}

function RunPoolLesson({ runRef }: { runRef: RunWindowRef }) {
  const w = runRef.window;
  const problem = useMemo(() => poolFromWindow(w), [w]);
  const start = (w.pixel.oy - w.region.oy) * w.region.w + (w.pixel.ox - w.region.ox);
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <LessonHead title="Pooling">
        The real numbers of a trained network: the values this pooling layer read for one test image, and what
        it kept of each window.
      </LessonHead>
      <RunBanner runRef={runRef} onBack={() => openActivations(runRef.runId, w.imageIndex)} />
      <PoolExplainer
        problem={problem}
        onEdit={null}
        initialStep={start}
        digits={2}
        check={(step) => {
          const model = w.output[step.oy]?.[step.ox];
          if (model === undefined) return null;
          const same = Math.abs(model - step.value) <= 2e-3 * Math.max(1, Math.abs(model));
          return (
            <p className={`sum-check ${same ? 'is-same' : 'is-different'}`} data-testid="explainer-check">
              The trained model computed {fmt(model, 4)} here; the window gives {fmt(step.value, 4)}{' '}
              {same ? '✓' : '(different)'}
            </p>
          );
        }}
      />
    </article>
  );
}

function PoolExplainer({
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
  const ref = useAutoFocus();
  return (
    <div
      ref={ref}
      className="explainer"
      tabIndex={0}
      data-autofocus
      role="region"
      aria-label="Pooling explainer: ← and → step, Space plays"
      onKeyDown={stepper.onKeyDown}
    >
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
          {g.outH > 0 && g.outW > 0 ? (
            <CellGrid
              grid={output[at.channel] ?? []}
              label={`Output channel ${at.channel + 1}`}
              testId="explainer-output"
              digits={digits}
              cellClass={(y, x) =>
                y === at.oy && x === at.ox
                  ? 'is-current'
                  : y * g.outW + x < at.oy * g.outW + at.ox
                    ? 'is-done'
                    : 'is-todo'
              }
            />
          ) : (
            <p className="field-error" role="alert">
              {g.diagnostics[0]?.message ?? 'The window does not fit.'}
            </p>
          )}
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
    </div>
  );
}
