import { useMemo, useState } from 'react';
import type { ActivationName } from '../../../../shared/layers/common/params';
import { convGeometry, convMacsText, convParamsText, type ConvStep } from '../../model/teaching';
import type { ConvSetup } from '../../model/teaching';
import { fmt } from '../../model/teaching';
import { convFromWindow, isConvWindow } from '../../model/teaching';
import { Facts, LessonHead, NumField, PaddingField } from '../fields';
import { NodeBanner, RunBanner, SizeFormulas } from '../LessonParts';
import { openActivations, useLessons, type RunWindowRef } from '../store';
import { ConvExplainer } from './ConvExplainer';
import {
  LIMITS,
  MAX_SIDE,
  dimsOf,
  exampleState,
  groupChoices,
  shownDepth,
  reroll,
  resize,
  setBias,
  setFilterCell,
  setInputCell,
  stateFromSetup,
  toProblem,
  toggleBias,
  type ConvState,
} from './state';

/** `?lesson=conv`: the lecture notes' example, a node's sizes, or a trained layer's real window. */
export function ConvLesson() {
  const setup = useLessons((s) => s.conv);
  const run = useLessons((s) => s.runWindow);
  const opened = useLessons((s) => s.opened);
  if (run !== null && isConvWindow(run.window)) return <RunConvLesson key={opened} runRef={run} />;
  return <EditableConvLesson key={opened} setup={setup} />;
}

const ACTIVATIONS: readonly ActivationName[] = ['linear', 'relu'];

function EditableConvLesson({ setup }: { setup: ConvSetup | null }) {
  const [state, setState] = useState<ConvState>(() =>
    setup === null ? exampleState() : stateFromSetup(setup),
  );
  const [editing, setEditing] = useState(false);
  const problem = useMemo(() => toProblem(state), [state]);
  const g = useMemo(() => convGeometry(problem), [problem]);
  const d = dimsOf(state);
  const fromNode = setup !== null;
  const set = (patch: Partial<typeof d>) => setState((s) => resize(s, { ...dimsOf(s), ...patch }));
  const params = convParamsText(g, state.bias !== null);
  const macs = convMacsText(g);
  const grouped = g.groups > 1;
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <LessonHead title="Convolution, step by step">
        A filter slides over the input; at each position the values under the window are multiplied by the
        weights they meet and added up, plus the bias: one output value. Step with ← and →, or press Space to
        play.
      </LessonHead>
      {setup?.source != null ? <NodeBanner source={setup.source} note={bannerNote(setup)} /> : null}
      <div className="lesson-controls" role="group" aria-label="Convolution settings">
        <NumField label="Input H" value={d.h} min={1} max={LIMITS.side} onChange={(h) => set({ h })} />
        <NumField label="Input W" value={d.w} min={1} max={LIMITS.side} onChange={(w) => set({ w })} />
        <NumField
          label="Channels C"
          value={d.c}
          min={1}
          max={Math.max(LIMITS.channels, d.c)}
          onChange={(c) => set({ c })}
        />
        <NumField label="Filter FH" value={d.kh} min={1} max={LIMITS.kernel} onChange={(kh) => set({ kh })} />
        <NumField label="Filter FW" value={d.kw} min={1} max={LIMITS.kernel} onChange={(kw) => set({ kw })} />
        <NumField
          label="Filters F"
          value={d.f}
          min={1}
          max={Math.max(LIMITS.filters, d.f)}
          onChange={(f) => set({ f })}
        />
        <label className="mini-field">
          <span>Groups G</span>
          <select value={d.g} aria-label="Groups G" onChange={(e) => set({ g: Number(e.target.value) })}>
            {groupChoices(d.c, d.f).map((n) => (
              <option key={n} value={n}>
                {n === d.c && n > 1 ? `${n} (depthwise)` : n}
              </option>
            ))}
          </select>
        </label>
        <NumField
          label="Stride"
          value={state.stride[0]}
          min={1}
          max={LIMITS.stride}
          onChange={(s) => setState((st) => ({ ...st, stride: [s, s] }))}
        />
        <PaddingField value={state.padding} onChange={(padding) => setState((s) => ({ ...s, padding }))} />
        <NumField
          label="Dilation"
          value={state.dilation[0]}
          min={1}
          max={LIMITS.dilation}
          onChange={(v) => setState((s) => ({ ...s, dilation: [v, v] }))}
        />
        <label className="toggle">
          <input
            type="checkbox"
            checked={state.bias !== null}
            onChange={(e) => setState((s) => toggleBias(s, e.target.checked))}
          />{' '}
          Bias
        </label>
        <label className="mini-field">
          <span>Activation</span>
          <select
            value={state.activation}
            onChange={(e) => setState((s) => ({ ...s, activation: e.target.value as ActivationName }))}
          >
            {[...new Set([...ACTIVATIONS, state.activation])].map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <div className="button-row lesson-actions">
          <button type="button" aria-pressed={editing} onClick={() => setEditing((e) => !e)}>
            {editing ? 'Done editing' : 'Edit numbers'}
          </button>
          <button type="button" onClick={() => setState((s) => reroll(s))}>
            New numbers
          </button>
          <button
            type="button"
            onClick={() => setState(setup === null ? exampleState() : stateFromSetup(setup))}
            title={fromNode ? 'Back to the layer’s settings' : 'Back to the lecture notes’ example'}
          >
            {fromNode ? 'Reset to the layer' : 'Lecture example'}
          </button>
        </div>
      </div>
      <ConvExplainer
        problem={problem}
        edits={
          editing
            ? {
                input: (c, y, x, v) => setState((s) => setInputCell(s, c, y, x, v)),
                filter: (f, c, y, x, v) => setState((s) => setFilterCell(s, f, c, y, x, v)),
                bias: (f, v) => setState((s) => setBias(s, f, v)),
              }
            : null
        }
      >
        <div className="facts-row">
          <Facts title="Output size">
            <SizeFormulas
              formulas={g.window.formulas}
              general="OH = (H + 2P − FH)/S + 1, OW = (W + 2P − FW)/S + 1"
            />
            {g.window.diagnostics.map((diag) => (
              <p key={diag.code + diag.message} className={`problem-${diag.severity} small`}>
                {diag.message}
              </p>
            ))}
          </Facts>
          <Facts title="Parameters">
            <p className="mono" data-testid="explainer-params">
              FH·FW·{grouped ? '(C/G)' : 'C'}·F{state.bias !== null ? ' + F' : ''} = {params.text}
            </p>
            <p className="muted small">
              {grouped
                ? `The ${g.channels} channels and ${g.filters} filters are split into ${g.groups} groups: each filter is ${g.filterDepth} deep and sees only its group's channel${g.filterDepth === 1 ? '' : 's'}, so the layer has ${g.groups} times fewer weights than an ungrouped one.`
                : `Each filter is as deep as the input (${g.channels} channel${g.channels === 1 ? '' : 's'}); the same weights are used at every position.`}{' '}
              The output has one map per filter.
            </p>
          </Facts>
          <Facts title="Multiply-adds">
            <p className="mono" data-testid="explainer-macs">
              {macs.text}
            </p>
          </Facts>
        </div>
      </ConvExplainer>
    </article>
  );
}

/** What the grids of a node's explainer hold, beside the layer's real numbers in the banner. */
function bannerNote(setup: ConvSetup): string {
  const [h, w, c] = setup.inputShape;
  const corner =
    h > MAX_SIDE || w > MAX_SIDE
      ? `The grids show a ${Math.min(h, MAX_SIDE)}×${Math.min(w, MAX_SIDE)} corner of the input with small sample numbers`
      : 'The grids use small sample numbers';
  const shown = shownDepth(setup);
  if (shown.channels === c && shown.filters === setup.filters)
    return `${corner}; the depth${setup.groups > 1 ? ', the groups' : ''} and the filters are the layer's.`;
  if (setup.groups > 1) {
    // Per group: the layer's C/G channels and F/G filters, or as many of them as fit.
    const part = (shownCount: number, real: number, what: string) =>
      `${shownCount === real ? '' : `${shownCount} of `}its ${real} ${what}${real === 1 ? '' : 's'}`;
    return `${corner}; ${shown.groups} of the layer's ${setup.groups} groups, each with ${part(shown.channels / shown.groups, c / setup.groups, 'channel')} and ${part(shown.filters / shown.groups, setup.filters / setup.groups, 'filter')}.`;
  }
  return `${corner}; ${shown.channels} of the layer's ${c} channels and ${shown.filters} of its ${setup.filters} filters.`;
}

function RunConvLesson({ runRef }: { runRef: RunWindowRef }) {
  const w = runRef.window;
  const problem = useMemo(() => convFromWindow(w), [w]);
  const initial = (w.pixel.oy - w.region.oy) * w.region.w + (w.pixel.ox - w.region.ox);
  const check = (step: ConvStep) => {
    const model = w.output[step.oy]?.[step.ox];
    if (model === undefined) return null;
    const same = Math.abs(model - step.value) <= 2e-3 * Math.max(1, Math.abs(model));
    return (
      <p className={`sum-check ${same ? 'is-same' : 'is-different'}`} data-testid="explainer-check">
        The trained model computed {fmt(model, 4)} here; the sum gives {fmt(step.value, 4)}{' '}
        {same ? '✓' : '(different: the values were rounded to 5 significant digits)'}
      </p>
    );
  };
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <LessonHead title="Convolution, step by step">
        The real numbers of a trained network: the values this layer read for one test image, its filter and
        bias, and the sum for each output pixel around the one you picked.
      </LessonHead>
      <RunBanner runRef={runRef} onBack={() => openActivations(runRef.runId, w.imageIndex)} />
      <ConvExplainer
        problem={problem}
        edits={null}
        initialStep={initial}
        digits={2}
        sumDigits={4}
        check={check}
        im2col={false}
      />
    </article>
  );
}
