import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { EvaluateImport } from '../../../renderer/src/training/EvaluateImport';
import { DEFAULT_FORM, toConfig } from '../../../renderer/src/training/config';
import { useEditor } from '../../../renderer/src/store/editor';
import { chain, load } from '../helpers';
import { fakeBackend, removeBackend } from './fake-backend';

const config = (() => {
  const r = toConfig({ ...DEFAULT_FORM, datasetKind: 'mnist-10k' });
  if (!r.ok) throw new Error('bad form');
  return r.config;
})();

describe('Evaluate the imported weights', () => {
  afterEach(() => {
    cleanup();
    removeBackend();
  });

  it('is there only for a network imported with its weights', () => {
    load(chain('conv2d', 'flatten', 'dense'));
    render(<EvaluateImport config={config} />);
    expect(screen.queryByTestId('evaluate-import')).toBeNull();
  });

  it('scores them on the chosen dataset without training: accuracy and confusion matrix', async () => {
    const doc = chain('conv2d', 'flatten', 'dense');
    load({ ...doc, meta: { importId: 'imp-1' } });
    expect(useEditor.getState().doc.meta?.importId).toBe('imp-1');
    const backend = fakeBackend({
      'models.evaluate': () => ({
        classNames: ['a', 'b'],
        testSize: 4,
        testAccuracy: 0.75,
        testLoss: 0.5,
        confusion: [
          [2, 0],
          [1, 1],
        ],
        predicted: [0, 0, 0, 1],
        confidence: [0.9, 0.8, 0.6, 0.7],
        labels: [0, 0, 1, 1],
        samples: [],
      }),
    });
    render(<EvaluateImport config={config} />);
    await userEvent.setup().click(screen.getByTestId('evaluate-import'));
    expect((await screen.findByTestId('import-evaluation')).textContent).toMatch(
      /Test accuracy 75\.00% on 4 images/,
    );
    expect(backend.called('models.evaluate')[0]?.input).toMatchObject({
      source: { kind: 'import', importId: 'imp-1' },
      dataset: 'mnist-10k',
    });
  });
});
