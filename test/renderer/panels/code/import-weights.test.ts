import { afterEach, describe, expect, it } from 'vitest';
import { importModelFiles } from '../../../../renderer/src/panels/code/actions';
import { useCode } from '../../../../renderer/src/panels/code/store';
import { useEditor } from '../../../../renderer/src/store/editor';
import { getPreset } from '../../../../shared/presets';
import { fakeBackend, removeBackend } from '../../training/fake-backend';
import { chain, load } from '../../helpers';

/** "Import model…" with the weight shards picked beside model.json: the host imports and keeps them. */
describe('importing a model with its weights from the page', () => {
  afterEach(removeBackend);

  it('uploads model.json and its shards to models.import and opens the graph with its importId', async () => {
    load(chain('conv2d', 'flatten', 'dense'));
    const graph = { ...(getPreset('mnist-keras')?.build() ?? chain()), meta: { importId: 'abc-123' } };
    const backend = fakeBackend({
      'models.import': () => ({
        graph,
        report: {
          source: 'keras-sequential',
          layers: 9,
          nodes: 10,
          issues: [],
          diagnostics: [],
          params: 93_322,
          fileParams: 93_322,
          counts: [],
          faithful: true,
          nestedModels: 0,
        },
        importId: 'abc-123',
        weights: { status: 'kept', reinitialised: [] },
      }),
    });
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    await importModelFiles([
      new File(['{"modelTopology": {}}'], 'model.json', { type: 'application/json' }),
      new File([bytes], 'group1-shard1of1.bin'),
    ]);
    const sent = backend.called('models.import')[0]?.input as {
      upload: { name: string; modelJson: string; shards: { name: string; base64: string }[] };
    };
    expect(sent.upload.name).toBe('model.json');
    expect(sent.upload.modelJson).toBe('{"modelTopology": {}}');
    expect(sent.upload.shards).toEqual([{ name: 'group1-shard1of1.bin', base64: 'AAEC+v8=' }]);
    expect(useEditor.getState().doc.meta?.importId).toBe('abc-123');
    expect(useCode.getState().importReport).toMatchObject({ file: 'model.json', params: 93_322 });
    expect(useCode.getState().importReport?.weights).toMatch(/weights kept/);
  });

  it('a Keras .h5 is refused before anything is sent', async () => {
    const backend = fakeBackend({});
    await importModelFiles([new File(['HDF'], 'model.h5')]);
    expect(backend.calls).toHaveLength(0);
  });
});
