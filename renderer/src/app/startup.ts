import { useEffect } from 'react';
import { backend, call } from '../backend/api';
import { newDocument, openDocument, openPreset, toProject } from '../commands/file';
import { runMenuCommand } from '../shortcuts/commands';
import { isDirty, useEditor } from '../store/editor';
import { sessionId, useSession } from '../store/session';

/**
 * Start-up and background duties: learn where we run, open what the URL names (`?preset=<id>` for lessons,
 * `?project=<path>` after a save, so a reload reopens it), offer crash recovery, autosave every 30 s, forward
 * Electron menu commands, and warn before a tab with unsaved work closes.
 */
export const AUTOSAVE_MS = 30_000;

async function detectMode(): Promise<void> {
  if (backend() === null) {
    useSession.setState({ mode: 'none' });
    return;
  }
  const info = await call((api) => api.app.info({}));
  useSession.setState(info.ok ? { mode: info.value.mode, version: info.value.version } : { mode: 'none' });
}

/** Presets need no back end, so they open at once; a project path waits for the back end. */
function openPresetFromUrl(): boolean {
  const preset = new URLSearchParams(window.location.search).get('preset');
  if (preset !== null && openPreset(preset, { confirm: false })) return true;
  if (useEditor.getState().doc.nodes.length === 0) newDocument({ keepUrl: true });
  return false;
}

async function openProjectFromUrl(): Promise<void> {
  const project = new URLSearchParams(window.location.search).get('project');
  if (project !== null && backend() !== null) await openDocument(project);
}

async function loadRecoverable(): Promise<void> {
  const result = await call((api) => api.project.recoverable({}));
  if (result.ok) useSession.setState({ recoverable: result.value });
}

let lastAutosaved: unknown = null;

export async function autosaveNow(): Promise<void> {
  const state = useEditor.getState();
  if (!isDirty(state) || state.doc === lastAutosaved || backend() === null) return;
  const doc = state.doc;
  const result = await call((api) =>
    api.project.autosave({ sessionId: sessionId(), path: state.path, project: toProject(doc) }),
  );
  if (result.ok) {
    lastAutosaved = doc;
    useSession.setState({ lastAutosave: result.value.savedAt });
  }
}

export function useStartup(): void {
  useEffect(() => {
    let cancelled = false;
    const presetOpened = openPresetFromUrl();
    void (async () => {
      await detectMode();
      if (cancelled) return;
      if (!presetOpened) await openProjectFromUrl();
      await loadRecoverable();
    })();
    const timer = window.setInterval(() => void autosaveNow(), AUTOSAVE_MS);
    const api = backend();
    const unsubscribe = api?.on('menu', ({ command }) => runMenuCommand(command));
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (isDirty(useEditor.getState())) {
        event.preventDefault();
        void autosaveNow();
      } else {
        void call((a) => a.project.discardAutosave({ sessionId: sessionId() }));
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
      unsubscribe?.();
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, []);
}
