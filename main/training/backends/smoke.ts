import * as tf from '@tensorflow/tfjs';

/**
 * The "tried for real" part of every rung: allocate, run a tiny convolution, a matMul and the gradient of the
 * convolution (training needs Conv2DBackpropFilter, which stock wasm lacks), read the results back and check
 * them against values computed here in plain JS. A backend that registers but computes garbage fails here.
 */
export async function smokeTest(): Promise<{ milliseconds: number }> {
  const started = performance.now();
  const x = Array.from({ length: 16 }, (_, i) => i + 1); // 4×4 image, one channel
  const w = [1, 2, 3, 4]; // 2×2 filter, one input channel, one output channel
  const [conv, matmul, gradW] = tf.tidy(() => {
    const xt = tf.tensor4d(x, [1, 4, 4, 1]);
    const wt = tf.tensor4d(w, [2, 2, 1, 1]);
    const y = tf.conv2d(xt, wt, 1, 'valid');
    const m = tf.matMul(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor2d([1, 0, 0, 1, 1, 1], [3, 2]));
    const g = tf.grad((filter: tf.Tensor) => tf.sum(tf.conv2d(xt, filter as tf.Tensor4D, 1, 'valid')))(wt);
    return [y, m, g];
  });
  try {
    const [yv, mv, gv] = await Promise.all([conv.data(), matmul.data(), gradW.data()]);
    const expectedConv: number[] = [];
    const expectedGrad = [0, 0, 0, 0];
    for (let r = 0; r < 3; r++)
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 2; j++) {
            const v = x[(r + i) * 4 + c + j] as number;
            s += v * (w[i * 2 + j] as number);
            expectedGrad[i * 2 + j] = (expectedGrad[i * 2 + j] as number) + v;
          }
        expectedConv.push(s);
      }
    check('conv2d', Array.from(yv), expectedConv);
    check('matMul', Array.from(mv), [4, 5, 10, 11]);
    check('conv2d gradient', Array.from(gv), expectedGrad);
  } finally {
    tf.dispose([conv, matmul, gradW]);
  }
  return { milliseconds: Math.round(performance.now() - started) };
}

function check(what: string, got: number[], expected: number[]): void {
  const bad =
    expected.length !== got.length ||
    expected.some((e, i) => Math.abs(e - (got[i] ?? NaN)) > 1e-3 * (1 + Math.abs(e)));
  if (bad) throw new Error(`${what} computed ${JSON.stringify(got)} instead of ${JSON.stringify(expected)}`);
}
