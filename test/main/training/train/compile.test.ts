import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildSeededModel,
  checkGraph,
  checkOutput,
  convLayers,
} from '../../../../main/training/train/compile';
import { ChainBuilder, conv, fc } from '../../../../shared/presets/builder';
import { batchNormNet, tinyNet } from './graphs';

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
});

const weightsOf = (model: tf.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

describe('compiling a graph for training', () => {
  it('the same seed builds the same initial weights; another seed other weights', () => {
    const compiled = checkGraph(tinyNet());
    const [a, b, c] = [7, 7, 8].map((seed) => buildSeededModel(compiled, seed));
    expect(weightsOf(a as tf.LayersModel)).toEqual(weightsOf(b as tf.LayersModel));
    expect(weightsOf(a as tf.LayersModel)[0]).not.toEqual(weightsOf(c as tf.LayersModel)[0]);
    for (const m of [a, b, c]) m?.dispose();
  });

  it('knows whether the graph ends in a softmax, and the output size', () => {
    expect(checkGraph(tinyNet())).toMatchObject({
      outputActivation: 'softmax',
      outputUnits: 10,
      inputShape: [28, 28, 1],
    });
    expect(checkGraph(tinyNet({ softmax: false }))).toMatchObject({
      outputActivation: 'logits',
      outputUnits: 10,
    });
    const withLayer = new ChainBuilder()
      .add('input', 'input', { shape: [8, 8, 1] })
      .add('flatten', 'flatten')
      .add('fc', 'dense', fc(3, 'linear'))
      .add('sm', 'softmax')
      .build('x', '', {});
    expect(checkGraph(withLayer).outputActivation).toBe('softmax');
  });

  it('refuses an output that is not one score per class, naming the output node and the fix', () => {
    expect(() => checkOutput(checkGraph(tinyNet({ classes: 10 })), 4)).toThrow(
      /4 classes but the graph ends in 10 outputs\. Fix: .*Dense layer of 4 units/,
    );
    const image = new ChainBuilder()
      .add('input', 'input', { shape: [8, 8, 1] })
      .add('c', 'conv2d', conv(4, 3))
      .build('x', '', {});
    expect(() => checkOutput(checkGraph(image), 10)).toThrow(/output of shape 6×6×4 \(not a vector\)/);
  });

  it('maps conv layers to graph nodes, block parts by their part id', () => {
    const graph = new ChainBuilder()
      .add('input', 'input', { shape: [16, 16, 3] })
      .add('stem', 'conv2d', conv(8, 3, { padding: 1 }))
      .add('res', 'residual', { variant: 'basic', width: 16, stride: 2 })
      .add('gap', 'globalavgpool')
      .add('out', 'dense', fc(10, 'softmax'))
      .build('x', '', {});
    const convs = convLayers(checkGraph(graph).topology);
    expect(convs[0]).toEqual({ layer: 'stem', nodeId: 'stem' });
    expect(convs.slice(1).every((c) => c.nodeId.startsWith('res/'))).toBe(true);
    expect(convs).toHaveLength(4);
  });
});

describe('BatchNorm without center or scale', () => {
  // Why the refusal exists: tfjs 4.22's BatchNormalization reads γ and β in every training step. If this
  // test starts failing, tfjs trains such layers now and unsupportedForTraining can let them through.
  it.each([{ center: false }, { scale: false }])('tfjs cannot train %o', async (bn) => {
    const input = tf.input({ shape: [4] });
    const output = tf.layers.batchNormalization(bn).apply(input) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    const [x, y] = [tf.ones([2, 4]), tf.zeros([2, 4])];
    await expect(model.trainOnBatch(x, y)).rejects.toThrow(TypeError);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('refuses before building the model, with TRAINING_UNSUPPORTED_LAYER on the node and the fix', () => {
    expect(() => checkGraph(batchNormNet({ center: false }))).toThrow(
      expect.objectContaining({
        code: 'TRAINING_UNSUPPORTED_LAYER',
        nodeId: 'bn1',
        message: expect.stringMatching(/Center \(β\) turned off.*Fix: turn on Center \(β\) and Scale \(γ\)/),
      }),
    );
    expect(checkGraph(batchNormNet()).analysis.ok).toBe(true);
  });
});
