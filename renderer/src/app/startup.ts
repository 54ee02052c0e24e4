import { useEffect } from 'react';
import { backend, call } from '../backend/api';
import { newDocument, openDocument, openPreset, toProject } from '../commands/file';
import { presetDoc } from '../model/core';
import { toggleComparePreset } from '../runs/store';
import { isAppView, usePrefs, type AppView } from '../store/prefs';
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

/**
 * The first view: the one the URL names (`?view=training`), else — when the URL opens something (a preset, a
 * project, a lesson, a comparison) — the view last used (designer by default), else the welcome page.
 */
export function initialView(search: string, remembered: AppView): AppView {
  const params = new URLSearchParams(search);
  const named = params.get('view');
  if (isAppView(named)) return named;
  if (params.has('compare')) return 'compare';
  const opens = ['preset', 'project', 'lesson'].some((k) => params.has(k));
  if (!opens) return 'welcome';
  return remembered === 'welcome' ? 'designer' : remembered;
}

/** Presets need no back end, so they open at once; a project path waits for the back end. */
function openPresetFromUrl(): boolean {
  const params = new URLSearchParams(window.location.search);
  const compare = params.get('compare');
  if (compare !== null) {
    for (const id of compare.split(',')) if (presetDoc(id) !== undefined) toggleComparePreset(id, true);
  }
  const preset = params.get('preset');
  if (preset !== null && openPreset(preset, { confirm: false })) return true;
  if (useEditor.getState().doc.nodes.length === 0) newDocument({ keepUrl: true });
  return false;
}

async function openProjectFromUrl(): Promise<void> {
  const project = new URLSearchParams(window.location.search).get('project');
  if (project !== null && backend() !== null) await openDocument(project);
}

/**
 * Autosaves to offer back: only those newer than the file they belong to. An autosave of a file saved since
 * (in another tab or window) is stale: it is dropped, not offered.
 */
async function loadRecoverable(): Promise<void> {
  const result = await call((api) => api.project.recoverable({}));
  if (!result.ok) return;
  const withPath = result.value.filter((r) => r.path !== null);
  const listing = withPath.length === 0 ? null : await call((api) => api.project.list({}));
  const modified = new Map(
    listing?.ok === true ? listing.value.files.map((f) => [f.path, Date.parse(f.modifiedAt)]) : [],
  );
  const fresh = result.value.filter((r) => {
    const saved = r.path === null ? undefined : modified.get(r.path);
    return saved === undefined || Number.isNaN(saved) || saved < Date.parse(r.savedAt);
  });
  for (const stale of result.value.filter((r) => !fresh.includes(r))) {
    void call((api) => api.project.discardAutosave({ sessionId: stale.sessionId }));
  }
  useSession.setState({ recoverable: fresh });
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
    const remembered = usePrefs.getState().view;
    const presetOpened = openPresetFromUrl();
    usePrefs.getState().setView(initialView(window.location.search, remembered));
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
