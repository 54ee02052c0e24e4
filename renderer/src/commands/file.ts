import type { GraphDoc } from '../../../shared/graph/schema';
import type { ProjectFile } from '../../../shared/graph/project';
import { call, NOT_CONNECTED } from '../backend/api';
import { forgetViewport, showDocument } from '../canvas/viewport';
import { arrangedChain, arrangedForWindow } from '../layout/autoLayout';
import {
  analyzeDoc,
  emptyGraph,
  MAX_PROJECT_BYTES,
  parseDoc,
  presetDoc,
  PROJECT_FORMAT,
  PROJECT_VERSION,
  scanJsonText,
} from '../model/core';
import { isDirty, loadDoc, markSaved, useEditor } from '../store/editor';
import { usePrefs } from '../store/prefs';
import { closeDialog, openDialog, sessionId, useSession } from '../store/session';
import { toast } from '../store/toasts';
import { ProjectErrorCode } from '../../../shared/api/ns/project';

/**
 * File commands: New, Open, Save, Save As, presets, recovery. Every back-end call returns a Result; failures
 * become a toast with their code, never an exception. Without a back end, presets and editing still work and
 * file commands say so.
 */
export function confirmDiscard(): boolean {
  if (!isDirty(useEditor.getState())) return true;
  return window.confirm('Discard unsaved changes to this network?');
}

function reportFailure(error: { code: string; message: string }): void {
  toast.error(
    error.code === NOT_CONNECTED
      ? 'Back end not connected: open and save need the Stride host.'
      : error.message,
    error.code,
  );
}

export function toProject(doc: GraphDoc = useEditor.getState().doc): ProjectFile {
  const theme = usePrefs.getState().theme;
  return { format: PROJECT_FORMAT, version: PROJECT_VERSION, graph: doc, ui: { theme } };
}

/** Puts the open file (or preset) in the address bar, so a reload or a shared link reopens it. */
function setLocation(param: 'project' | 'preset' | null, value?: string): void {
  const url = new URL(window.location.href);
  url.searchParams.delete('project');
  url.searchParams.delete('preset');
  if (param !== null && value !== undefined) url.searchParams.set(param, value);
  window.history.replaceState(window.history.state, '', url);
}

/** A document opened from elsewhere (welcome page, gallery, a run) is shown in the designer. */
function toDesigner(): void {
  const prefs = usePrefs.getState();
  if (prefs.view === 'welcome') prefs.setView('designer');
}

function show(doc: GraphDoc, path: string | null, saved: boolean): void {
  loadDoc(doc, path, { saved });
  forgetViewport();
  toDesigner();
  requestAnimationFrame(() => showDocument());
}

// A preset opened while another is still being arranged wins; the older one is dropped.
let opening = 0;

/** A new network starts with an MNIST-sized input, the most common first step in the seeds. */
export function newDocument(opts: { keepUrl?: boolean } = {}): void {
  if (!confirmDiscard()) return;
  opening += 1;
  show(emptyGraph('Untitled'), null, true);
  if (opts.keepUrl !== true) setLocation(null);
  closeDialog();
}

export function openPreset(id: string, opts: { confirm?: boolean } = {}): boolean {
  const doc = presetDoc(id);
  if (doc === undefined) {
    toast.error(`There is no preset "${id}".`, 'PRESET_UNKNOWN');
    return false;
  }
  if (opts.confirm !== false && !confirmDiscard()) return false;
  setLocation('preset', id);
  closeDialog();
  const ticket = ++opening;
  // A preset is arranged for this window before it is shown (the layout that draws it largest): at once
  // for a chain (every preset at its top level), through the layout worker otherwise.
  const analysis = analyzeDoc(doc);
  const chain = arrangedChain(doc, analysis);
  if (chain !== null) show(chain, null, true);
  else
    void arrangedForWindow(doc, analysis).then((arranged) => {
      if (ticket === opening) show(arranged, null, true);
    });
  return true;
}

function adopt(project: ProjectFile, path: string | null): void {
  opening += 1;
  const parsed = parseDoc(project.graph);
  if (!parsed.ok) {
    toast.error(parsed.message, ProjectErrorCode.invalid);
    return;
  }
  show(parsed.doc, path, true);
  setLocation(path !== null ? 'project' : null, path ?? undefined);
  closeDialog();
}

/** Electron: the native dialog. Browser mode: the gallery's Open tab (host folder, recent, upload). */
export async function openDocument(path?: string): Promise<void> {
  const mode = useSession.getState().mode;
  if (path === undefined && mode !== 'electron') {
    openDialog({ kind: 'gallery', tab: 'open' });
    return;
  }
  if (!confirmDiscard()) return;
  const result = await call((api) => api.project.open(path !== undefined ? { path } : {}));
  if (!result.ok) return reportFailure(result.error);
  if (result.value === null) return; // cancelled
  adopt(result.value.project, result.value.path);
}

/**
 * A picked file's text, refused here when it cannot be a project: over the size limit (never read), or JSON
 * beyond the shared guard's nesting/size limits (never sent: the connection would only carry it to a refusal).
 */
export async function uploadableText(
  file: Pick<File, 'size' | 'text'>,
): Promise<{ ok: true; text: string } | { ok: false; code: string; message: string }> {
  if (file.size > MAX_PROJECT_BYTES) {
    const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
    return {
      ok: false,
      code: ProjectErrorCode.tooLarge,
      message: `The file is ${mb(file.size)}; Stride opens projects up to ${mb(MAX_PROJECT_BYTES)}.`,
    };
  }
  const text = await file.text();
  const scanned = scanJsonText(text, 'The file');
  return scanned.ok ? { ok: true, text } : { ok: false, ...scanned.error };
}

/** Browser mode: a file picked on the user's machine, validated by the host. */
export async function openUploaded(file: File): Promise<void> {
  if (!confirmDiscard()) return;
  const checked = await uploadableText(file);
  if (!checked.ok) return reportFailure(checked);
  const { text } = checked;
  const result = await call((api) => api.project.openText({ name: file.name, text }));
  if (!result.ok) return reportFailure(result.error);
  adopt(result.value.project, null);
}

export async function saveDocument(opts: { saveAs?: boolean; path?: string } = {}): Promise<boolean> {
  const state = useEditor.getState();
  const mode = useSession.getState().mode;
  const target = opts.path ?? (opts.saveAs === true ? null : state.path);
  if (target === null && mode !== 'electron') {
    openDialog({ kind: 'saveAs' });
    return false;
  }
  const doc = state.doc;
  const result = await call((api) =>
    api.project.save({
      path: target,
      saveAs: opts.saveAs === true && mode === 'electron',
      project: toProject(doc),
    }),
  );
  if (!result.ok) {
    reportFailure(result.error);
    return false;
  }
  if (result.value === null) return false; // cancelled
  markSaved(result.value.path, doc);
  setLocation('project', result.value.path);
  closeDialog();
  toast.success(`Saved ${result.value.path.split(/[\\/]/).pop() ?? ''}`);
  void call((api) => api.project.discardAutosave({ sessionId: sessionId() }));
  return true;
}

/** Browser mode's way to keep a copy on the user's own machine. */
export function downloadDocument(): void {
  const { doc } = useEditor.getState();
  const blob = new Blob([JSON.stringify(toProject(doc), null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${doc.name.replace(/[^A-Za-z0-9_. -]/g, '_') || 'network'}.stride.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function recover(id: string): Promise<void> {
  if (!confirmDiscard()) return;
  const result = await call((api) => api.project.recover({ sessionId: id }));
  if (!result.ok) return reportFailure(result.error);
  const parsed = parseDoc(result.value.project.graph);
  if (!parsed.ok) return void toast.error(parsed.message, ProjectErrorCode.invalid);
  // A recovered document is unsaved work: it stays dirty until saved.
  opening += 1;
  loadDoc(parsed.doc, result.value.path, { saved: false });
  forgetViewport();
  toDesigner();
  requestAnimationFrame(() => showDocument());
  useSession.setState((s) => ({ recoverable: s.recoverable.filter((r) => r.sessionId !== id) }));
  if (id !== sessionId()) void call((api) => api.project.discardAutosave({ sessionId: id }));
}

export async function discardRecoverable(id: string): Promise<void> {
  useSession.setState((s) => ({ recoverable: s.recoverable.filter((r) => r.sessionId !== id) }));
  await call((api) => api.project.discardAutosave({ sessionId: id }));
}
