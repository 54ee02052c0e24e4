import { afterEach, describe, expect, it, vi } from 'vitest';

const KEY = 'stride.prefs.v1';

/** A fresh copy of the prefs store, as a new window would load it from storage. */
async function reload() {
  vi.resetModules();
  return (await import('../../../renderer/src/store/prefs')).usePrefs;
}

describe('remembered layout', () => {
  afterEach(() => localStorage.removeItem(KEY));

  it('brings back the chosen view and the training workspace’s pane sizes in the next window', async () => {
    const prefs = await reload();
    prefs.getState().setView('training');
    prefs.getState().setPane('trainSettings', 320);
    prefs.getState().setPane('runsList', 560);
    prefs.getState().setPane('bottom', 300);
    const next = (await reload()).getState();
    expect(next.view).toBe('training');
    expect(next.panes).toMatchObject({ trainSettings: 320, runsList: 560, bottom: 300 });
  });

  it('keeps sizes within their limits and falls back field by field on a stale entry', async () => {
    localStorage.setItem(
      KEY,
      JSON.stringify({ view: 'nowhere', panes: { trainSettings: 5000, runsList: 'wide', left: 10 } }),
    );
    const state = (await reload()).getState();
    expect(state.view).toBe('designer');
    expect(state.panes.trainSettings).toBe(480);
    expect(state.panes.runsList).toBe(420);
    expect(state.panes.left).toBe(160);
  });
});
