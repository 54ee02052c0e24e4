import { fmt, joinSum } from './grid';

/**
 * Softmax and cross-entropy, worked out with the numbers: logits z → exponentials e^z → probabilities
 * p = e^z / Σ e^z → loss L = −ln p[true class], and the gradient ∂L/∂z = p − y (y one-hot) that a step of
 * gradient descent subtracts from the logits. The exponentials are taken of z − max(z), as every framework does
 * to stay finite; the probabilities are the same.
 */
export interface SoftmaxWorked {
  readonly logits: readonly number[];
  readonly max: number;
  readonly exps: readonly number[];
  readonly sum: number;
  readonly probs: readonly number[];
  readonly target: number;
  readonly loss: number;
  /** ∂L/∂zᵢ = pᵢ − yᵢ. */
  readonly grad: readonly number[];
}

export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** −ln p[target]; ∞ when the model gives the true class probability 0. */
export function crossEntropy(probs: readonly number[], target: number): number {
  const p = probs[target] ?? 0;
  return p <= 0 ? Infinity : -Math.log(p);
}

export function softmaxWorked(logits: readonly number[], target: number): SoftmaxWorked {
  const max = logits.length === 0 ? 0 : Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  const probs = exps.map((e) => e / sum);
  return {
    logits,
    max,
    exps,
    sum,
    probs,
    target,
    loss: crossEntropy(probs, target),
    grad: probs.map((p, i) => p - (i === target ? 1 : 0)),
  };
}

/** One step of gradient descent on the logits themselves: z ← z − η·(p − y). */
export function gradientStep(w: SoftmaxWorked, learningRate: number): number[] {
  return w.logits.map((z, i) => z - learningRate * (w.grad[i] ?? 0));
}

/** The lines the lesson writes, with `digits` decimals. */
export function writeSoftmax(
  w: SoftmaxWorked,
  digits = 4,
): {
  readonly probs: readonly string[];
  readonly loss: string;
  readonly grad: readonly string[];
} {
  const shifted = (z: number) => (w.max === 0 ? fmt(z, digits) : `${fmt(z, digits)} − ${fmt(w.max, digits)}`);
  const denominator = joinSum(w.exps.map((e) => fmt(e, digits)));
  return {
    probs: w.logits.map(
      (z, i) =>
        `p${i + 1} = e^(${shifted(z)}) / (${denominator}) = ${fmt(w.exps[i] ?? 0, digits)} / ${fmt(w.sum, digits)} = ${fmt(w.probs[i] ?? 0, digits)}`,
    ),
    loss: `L = −ln p${w.target + 1} = −ln ${fmt(w.probs[w.target] ?? 0, digits)} = ${fmt(w.loss, digits)}`,
    grad: w.grad.map(
      (g, i) =>
        `∂L/∂z${i + 1} = p${i + 1} − y${i + 1} = ${fmt(w.probs[i] ?? 0, digits)} − ${i === w.target ? 1 : 0} = ${fmt(g, digits)}`,
    ),
  };
}
