import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStrideApi } from '../../../shared/api/client';
import { ok, type Result } from '../../../shared/api/errors';
import { RecoveryBanner } from '../../../renderer/src/app/RecoveryBanner';
import { autosaveNow, useStartup } from '../../../renderer/src/app/startup';
import { setParams } from '../../../renderer/src/model/core';
import { applyEdit } from '../../../renderer/src/store/applyEdit';
import { EMPTY_DOC, isDirty, loadDoc, useEditor } from '../../../renderer/src/store/editor';
import { IMMEDIATE } from '../../../renderer/src/store/history';
import { sessionId, useSession } from '../../../renderer/src/store/session';
import { chain } from '../helpers';

/** A back end answering from a table, recording every call; `emit` plays a server event. */
function fakeBackend(answers: Record<string, (input: unknown) => unknown>) {
  const calls: { method: string; input: unknown }[] = [];
  let listener: ((event: string, payload: unknown) => void) | null = null;
  const api = createStrideApi({
    invoke: async (ns, method, input): Promise<Result<unknown>> => {
      calls.push({ method: `${ns}.${method}`, input });
      const answer = answers[`${ns}.${method}`];
      return answer === undefined
        ? { ok: false, error: { code: 'TEST_UNANSWERED', severity: 'error', nodeId: null, message: method } }
        : ok(answer(input));
    },
    subscribe: (l) => {
      listener = l;
      return () => (listener = null);
    },
  });
  Object.defineProperty(window, 'stride', { value: api, configurable: true });
  return { calls, emit: (event: string, payload: unknown) => listener?.(event, payload) };
}

function Host() {
  useStartup();
  return null;
}

const recovered = chain('conv2d', 'maxpool2d');
const baseAnswers = {
  'app.info': () => ({ name: 'Stride', version: '0.1.0', mode: 'browser', platform: 'linux' }),
  'project.recoverable': () => [
    { sessionId: 'crashed-tab', name: 'Lost work', savedAt: '2026-11-24T10:00:00.000Z', path: null },
  ],
  'project.recover': () => ({
    project: { format: 'stride-project', version: 1, graph: recovered, ui: {} },
    path: null,
  }),
  'project.discardAutosave': () => ({}),
  'project.autosave': () => ({ savedAt: '2026-11-24T10:01:00.000Z' }),
};

const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));

describe('start-up, recovery, autosave and menu commands', () => {
  beforeEach(() => {
    useSession.setState({ recoverable: [], mode: 'unknown' });
    loadDoc(EMPTY_DOC, null, { saved: true });
  });
  afterEach(() => {
    cleanup();
    Reflect.deleteProperty(window, 'stride');
  });

  it('learns the host mode, opens a blank network and offers recovery', async () => {
    fakeBackend(baseAnswers);
    render(<Host />);
    await settle();
    expect(useSession.getState().mode).toBe('browser');
    expect(useEditor.getState().doc.nodes.map((n) => n.kind)).toEqual(['input']);
    expect(useSession.getState().recoverable.map((r) => r.name)).toEqual(['Lost work']);
  });

  it('offers an autosave only when it is newer than the file it belongs to (a stale one is dropped)', async () => {
    const backend = fakeBackend({
      ...baseAnswers,
      'project.recoverable': () => [
        {
          sessionId: 'stale',
          name: 'Saved since',
          savedAt: '2026-11-24T10:00:00.000Z',
          path: '/p/a.stride.json',
        },
        {
          sessionId: 'newer',
          name: 'Edited after',
          savedAt: '2026-11-24T12:00:00.000Z',
          path: '/p/b.stride.json',
        },
        { sessionId: 'never', name: 'Never saved', savedAt: '2026-11-24T09:00:00.000Z', path: null },
      ],
      'project.list': () => ({
        folder: '/p',
        files: [
          { path: '/p/a.stride.json', name: 'a', modifiedAt: '2026-11-24T11:00:00.000Z', bytes: 10 },
          { path: '/p/b.stride.json', name: 'b', modifiedAt: '2026-11-24T11:00:00.000Z', bytes: 10 },
        ],
      }),
    });
    render(<Host />);
    await settle();
    await settle();
    expect(useSession.getState().recoverable.map((r) => r.sessionId)).toEqual(['newer', 'never']);
    expect(
      backend.calls.filter((c) => c.method === 'project.discardAutosave').map((c) => c.input),
    ).toContainEqual({ sessionId: 'stale' });
  });

  it('recovers an autosave as unsaved work from the banner', async () => {
    const backend = fakeBackend(baseAnswers);
    render(
      <>
        <Host />
        <RecoveryBanner />
      </>,
    );
    await settle();
    expect(screen.getByRole('region', { name: 'Recover unsaved work' }).textContent).toContain('Lost work');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Recover' }));
    await settle();
    expect(backend.calls.some((c) => c.method === 'project.recover')).toBe(true);
    expect(useEditor.getState().doc.nodes).toHaveLength(3);
    expect(isDirty(useEditor.getState())).toBe(true);
    expect(screen.queryByRole('region', { name: 'Recover unsaved work' })).toBeNull();
  });

  it('autosaves dirty work once per change, under this tab’s session id', async () => {
    const backend = fakeBackend(baseAnswers);
    render(<Host />);
    await settle();
    await act(() => autosaveNow());
    expect(backend.calls.filter((c) => c.method === 'project.autosave')).toHaveLength(0);
    act(() => void applyEdit('Rename', (d) => ({ ...d, name: 'Edited' }), IMMEDIATE));
    await act(() => autosaveNow());
    await act(() => autosaveNow());
    const saves = backend.calls.filter((c) => c.method === 'project.autosave');
    expect(saves).toHaveLength(1);
    const input = saves[0]?.input as { sessionId: string; project: { graph: { name: string } } };
    expect(input.sessionId).toBe(sessionId());
    expect(input.project.graph.name).toBe('Edited');
  });

  it('runs Electron menu commands through the same command table as the keyboard', async () => {
    const backend = fakeBackend(baseAnswers);
    render(<Host />);
    await settle();
    act(() => {
      useEditor.setState({ doc: recovered, savedDoc: recovered });
      applyEdit('Kernel', (d) => setParams(d, 'conv2d_1', { kernel: 5 }), IMMEDIATE);
    });
    act(() => backend.emit('menu', { command: 'edit.undo' }));
    expect(useEditor.getState().doc.nodes.find((n) => n.id === 'conv2d_1')?.params.kernel).toBe(3);
    act(() => backend.emit('menu', { command: 'edit.redo' }));
    expect(useEditor.getState().doc.nodes.find((n) => n.id === 'conv2d_1')?.params.kernel).toBe(5);
    act(() => backend.emit('menu', { command: 'edit.selectAll' }));
    expect(useEditor.getState().selectedNodes).toHaveLength(3);
  });
});
