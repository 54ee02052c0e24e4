import { useMemo, useState } from 'react';
import type { Padding } from '../../../../shared/layers/common/params';
import {
  POOL_INPUT,
  POOL_MODES,
  fmt,
  isConvWindow,
  poolFromWindow,
  resizeVolume,
  sampleVolume,
  volumeShape,
  type PoolMode,
  type PoolProblem,
  type PoolSetup,
  type Volume,
} from '../../model/teaching';
import { LessonHead, NumField, PaddingField } from '../fields';
import { NodeBanner, RunBanner } from '../LessonParts';
import { openActivations, useLessons, type RunWindowRef } from '../store';
import { MODE_LABEL, PoolExplainer } from './PoolExplainer';

/** `?lesson=pool`: max, average and min pooling over the lecture notes' example, a node's sizes or a run. */
export function PoolLesson() {
  const setup = useLessons((s) => s.pool);
  const run = useLessons((s) => s.runWindow);
  const opened = useLessons((s) => s.opened);
  if (run !== null && !isConvWindow(run.window)) return <RunPoolLesson key={opened} runRef={run} />;
  return <EditablePoolLesson key={opened} setup={setup} />;
}

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
