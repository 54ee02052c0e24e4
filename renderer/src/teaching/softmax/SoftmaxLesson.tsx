import { useId, useMemo, useState } from 'react';
import { CE_VS_L1_EXAMPLE, SOFTMAX_EXAMPLE } from '../../model/teaching';
import type { SoftmaxSetup } from '../../model/teaching';
import { fmt } from '../../model/teaching';
import { prng } from '../../model/teaching';
import { crossEntropy, gradientStep, softmaxWorked, writeSoftmax } from '../../model/teaching';
import { Facts, LessonHead } from '../fields';
import { NodeBanner } from '../LessonParts';
import { useLessons } from '../store';

/**
 * `?lesson=softmax`: the network's scores (logits) → exponentials → probabilities → the cross-entropy loss of the
 * true class, every number written out; then gradient steps on the logits show how the loss pushes the true
 * class up and the others down. Opens on the lecture notes' dog/cat example.
 */
const MAX_CLASSES = 10;

interface SoftmaxState {
  readonly names: readonly string[];
  readonly logits: readonly number[];
  readonly target: number;
  readonly rate: number;
  /** Loss after each gradient step taken so far (the first is before any step). */
  readonly history: readonly number[];
}

function initial(setup: SoftmaxSetup | null): SoftmaxState {
  if (setup === null) {
    const { classes, logits, target } = SOFTMAX_EXAMPLE;
    return {
      names: classes,
      logits,
      target,
      rate: 1,
      history: [softmaxWorked(logits, target).loss],
    };
  }
  const n = Math.min(setup.classes, MAX_CLASSES);
  const next = prng(5);
  const logits = Array.from({ length: n }, () => Math.round((next() * 4 - 2) * 100) / 100);
  return {
    names: Array.from({ length: n }, (_, i) => String(i)),
    logits,
    target: 0,
    rate: 1,
    history: [softmaxWorked(logits, 0).loss],
  };
}

export function SoftmaxLesson() {
  const setup = useLessons((s) => s.softmax);
  const opened = useLessons((s) => s.opened);
  return <SoftmaxView key={opened} setup={setup} />;
}

function SoftmaxView({ setup }: { setup: SoftmaxSetup | null }) {
  const [state, setState] = useState<SoftmaxState>(() => initial(setup));
  const worked = useMemo(() => softmaxWorked(state.logits, state.target), [state.logits, state.target]);
  const lines = writeSoftmax(worked);
  const id = useId();
  const restart = (patch: Partial<SoftmaxState>) =>
    setState((s) => {
      const next = { ...s, ...patch };
      return { ...next, history: [softmaxWorked(next.logits, next.target).loss] };
    });
  const stepOnce = () =>
    setState((s) => {
      const logits = gradientStep(softmaxWorked(s.logits, s.target), s.rate).map(
        (z) => Math.round(z * 1e4) / 1e4,
      );
      return { ...s, logits, history: [...s.history, softmaxWorked(logits, s.target).loss] };
    });
  const n = state.logits.length;
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <LessonHead title="Softmax and cross-entropy">
        The last layer gives one score (logit) per class. Softmax turns them into probabilities that add up to
        1; the cross-entropy loss is −ln of the probability given to the true class. Its gradient, p − y, says
        how to move each score.
      </LessonHead>
      {setup?.source != null ? (
        <NodeBanner
          source={setup.source}
          note={
            setup.classes > MAX_CLASSES
              ? `Your layer has ${setup.classes.toLocaleString('en-US')} classes; the lesson shows ${MAX_CLASSES} with sample scores.`
              : 'The scores are sample numbers; the number of classes is your layer’s.'
          }
        />
      ) : null}
      <div className="lesson-controls" role="group" aria-label="Softmax settings">
        <label className="mini-field" htmlFor={`${id}-target`}>
          <span>True class</span>
          <select
            id={`${id}-target`}
            value={state.target}
            onChange={(e) => restart({ target: Number(e.target.value) })}
          >
            {state.names.map((name, i) => (
              <option key={i} value={i}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label className="mini-field" htmlFor={`${id}-rate`}>
          <span>Learning rate η</span>
          <input
            id={`${id}-rate`}
            type="number"
            min={0.01}
            max={10}
            step={0.1}
            value={state.rate}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (v > 0 && v <= 10) setState((s) => ({ ...s, rate: v }));
            }}
          />
        </label>
        <div className="button-row lesson-actions">
          <button type="button" className="primary" onClick={stepOnce}>
            Take a gradient step
          </button>
          <button
            type="button"
            disabled={n >= MAX_CLASSES}
            onClick={() =>
              restart({ names: [...state.names, `class ${n + 1}`], logits: [...state.logits, 0] })
            }
          >
            Add a class
          </button>
          <button
            type="button"
            disabled={n <= 2}
            onClick={() =>
              restart({
                names: state.names.slice(0, -1),
                logits: state.logits.slice(0, -1),
                target: Math.min(state.target, n - 2),
              })
            }
          >
            Remove a class
          </button>
          <button type="button" onClick={() => setState(initial(setup))}>
            {setup === null ? 'Lecture example' : 'Reset'}
          </button>
        </div>
      </div>
      <div className="softmax-table-wrap">
        <table className="softmax-table" data-testid="softmax-table">
          <thead>
            <tr>
              <th scope="col">Class</th>
              <th scope="col">Logit z</th>
              <th scope="col">e^(z − max z)</th>
              <th scope="col">Probability p</th>
              <th scope="col" aria-label="Probability bar" />
              <th scope="col">One-hot y</th>
              <th scope="col">∂L/∂z = p − y</th>
            </tr>
          </thead>
          <tbody>
            {state.names.map((name, i) => {
              const p = worked.probs[i] ?? 0;
              const g = worked.grad[i] ?? 0;
              return (
                <tr key={i} className={i === state.target ? 'is-target' : undefined}>
                  <th scope="row">{name}</th>
                  <td>
                    <input
                      type="number"
                      step={0.1}
                      aria-label={`Logit of ${name}`}
                      value={state.logits[i] ?? 0}
                      onChange={(e) => {
                        const v = Number(e.target.value);
                        if (e.target.value !== '' && Number.isFinite(v) && Math.abs(v) <= 100)
                          restart({ logits: state.logits.map((z, j) => (j === i ? v : z)) });
                      }}
                    />
                  </td>
                  <td className="mono">{fmt(worked.exps[i] ?? 0, 4)}</td>
                  <td className="mono" data-testid="softmax-prob">
                    {fmt(p, 4)}
                  </td>
                  <td className="prob-bar-cell">
                    <span className="prob-bar" style={{ width: `${Math.round(p * 100)}%` }} />
                  </td>
                  <td className="mono">{i === state.target ? 1 : 0}</td>
                  <td className={`mono ${g < 0 ? 'grad-up' : 'grad-down'}`}>
                    {fmt(g, 4)} {g < 0 ? '↑' : g > 0 ? '↓' : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="written-sum" data-testid="softmax-worked">
        <ol className="sum-lines mono">
          {lines.probs.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ol>
        <div className="sum-total mono" data-testid="softmax-loss">
          {lines.loss}
        </div>
      </div>
      <div className="facts-row">
        <Facts title="How the gradient moves the scores">
          <p className="small">
            A step of gradient descent subtracts η·(p − y) from each logit: the true class’s score rises by
            η·(1 − p), every other score falls by η·p. Press <strong>Take a gradient step</strong> and watch
            the loss fall.
          </p>
          <ol className="loss-history mono small" data-testid="softmax-history">
            {state.history.map((loss, i) => (
              <li key={i}>
                {i === 0 ? 'start' : `after step ${i}`}: L = {fmt(loss, 4)}
              </li>
            ))}
          </ol>
        </Facts>
        <Facts title="Why cross-entropy, not L1">
          <table className="ce-table small">
            <thead>
              <tr>
                <th scope="col">softmax (dog, cat)</th>
                <th scope="col">cross-entropy</th>
                <th scope="col">L1</th>
              </tr>
            </thead>
            <tbody>
              {CE_VS_L1_EXAMPLE.map((p) => (
                <tr key={p.join(',')}>
                  <td className="mono">[{p.join(', ')}]</td>
                  <td className="mono">
                    −ln {p[1]} = {fmt(crossEntropy(p, 1), 4)}
                  </td>
                  <td className="mono">{fmt(1 - (p[1] ?? 0), 4)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">
            The true class is the cat. A confident wrong answer costs cross-entropy far more than L1: its
            penalty grows without bound as p → 0, so the gradient stays strong exactly when the network is
            most wrong.
          </p>
        </Facts>
      </div>
    </article>
  );
}
