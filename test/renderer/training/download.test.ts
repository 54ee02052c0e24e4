import { afterEach, describe, expect, it, vi } from 'vitest';
import { useSession } from '../../../renderer/src/store/session';
import { safeName, saveCsv } from '../../../renderer/src/training/download';
import { fakeBackend } from './fake-backend';

describe('exporting curves', () => {
  afterEach(() => {
    useSession.setState({ mode: 'unknown' });
    vi.restoreAllMocks();
  });

  it('names files after the run', () => {
    expect(safeName('MNIST CNN (Keras) · RMSProp-loss')).toBe('MNIST_CNN_Keras_RMSProp-loss');
    expect(safeName('···')).toBe('stride');
  });

  it('saves CSV through the host’s save dialog in Electron', async () => {
    const backend = fakeBackend({ 'files.saveText': () => ({ path: '/home/u/loss.csv' }) });
    useSession.setState({ mode: 'electron' });
    await saveCsv('epoch,loss\n1,0.5\n', 'loss.csv');
    expect(backend.called('files.saveText')[0]?.input).toEqual({
      suggestedName: 'loss.csv',
      text: 'epoch,loss\n1,0.5\n',
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
  });

  it('downloads CSV in browser mode', async () => {
    const backend = fakeBackend({});
    useSession.setState({ mode: 'browser' });
    const blobs: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: (b: Blob) => (blobs.push(b), 'blob:test'),
      revokeObjectURL: () => undefined,
    });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      expect(this.download).toBe('loss.csv');
      expect(this.href).toBe('blob:test');
    });
    await saveCsv('a,b\n', 'loss.csv');
    expect(click).toHaveBeenCalledOnce();
    expect(await blobs[0]?.text()).toBe('a,b\n');
    expect(backend.calls).toEqual([]);
  });
});
