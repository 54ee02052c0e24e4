import { afterEach, describe, expect, it, vi } from 'vitest';
import { onnxBytes } from '../../../../shared/codegen/onnx/export';
import { getPreset } from '../../../../shared/presets';
import { saveOnnx } from '../../../../renderer/src/panels/code/actions';
import { exportRunOnnx } from '../../../../renderer/src/runs/onnx';
import { useSession } from '../../../../renderer/src/store/session';
import { useToasts } from '../../../../renderer/src/store/toasts';
import { fakeBackend } from '../../training/fake-backend';

const lenet = () => {
  const doc = getPreset('lenet5')?.build();
  if (doc === undefined) throw new Error('no lenet5');
  return doc;
};

describe('ONNX from the app', () => {
  afterEach(() => {
    useSession.setState({ mode: 'unknown' });
    vi.restoreAllMocks();
  });

  it('Electron: the host writes the graph where the user chooses', async () => {
    const backend = fakeBackend({ 'files.exportOnnx': () => ({ path: '/home/u/lenet_5.onnx', bytes: 9 }) });
    useSession.setState({ mode: 'electron' });
    const doc = lenet();
    await saveOnnx(doc);
    expect(backend.called('files.exportOnnx')[0]?.input).toEqual({ graph: doc, seed: 1 });
    expect(useToasts.getState().toasts.at(-1)?.message).toBe('Saved lenet_5.onnx');
  });

  it('browser mode: the page builds the file (the exporter’s bytes) and downloads it, no host call', async () => {
    const backend = fakeBackend({});
    useSession.setState({ mode: 'browser' });
    const blobs: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: (b: Blob) => (blobs.push(b), 'blob:onnx'),
      revokeObjectURL: () => undefined,
    });
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    const doc = lenet();
    await saveOnnx(doc);
    const expected = onnxBytes(doc);
    if (!expected.ok) throw new Error(expected.error.message);
    expect(names).toEqual(['lenet_5.onnx']);
    expect(new Uint8Array(await (blobs[0] as Blob).arrayBuffer())).toEqual(expected.value.concat());
    expect(backend.calls).toEqual([]);
  });

  it('a run: the host writes it; the toast says where, or the coded error', async () => {
    const backend = fakeBackend({
      'runs.exportOnnx': () => ({ path: '/data/runs/r1/model.onnx', bytes: 2_500_000 }),
    });
    await exportRunOnnx('r1');
    expect(backend.called('runs.exportOnnx')[0]?.input).toEqual({ runId: 'r1' });
    expect(useToasts.getState().toasts.at(-1)?.message).toBe('Saved /data/runs/r1/model.onnx (2.4 MB)');
  });
});
