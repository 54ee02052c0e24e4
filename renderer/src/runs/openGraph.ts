import type { RunDetail } from '../../../shared/api/runs';
import { forgetViewport, showDocument } from '../canvas/viewport';
import { confirmDiscard } from '../commands/file';
import { parseDoc } from '../model/core';
import { loadDoc } from '../store/editor';
import { toast } from '../store/toasts';
import { usePrefs } from '../store/prefs';
import { openRun } from './store';

/**
 * Opens a run's graph snapshot in the designer as a new, unsaved document (after the usual "discard unsaved
 * changes?" question), e.g. to change the network that trained best.
 */
export function openGraphInDesigner(detail: Pick<RunDetail, 'graph' | 'name'>): boolean {
  if (!confirmDiscard()) return false;
  const parsed = parseDoc(detail.graph);
  if (!parsed.ok) {
    toast.error(parsed.message, parsed.code);
    return false;
  }
  loadDoc(parsed.doc, null, { saved: false });
  const url = new URL(window.location.href);
  url.searchParams.delete('project');
  url.searchParams.delete('preset');
  window.history.replaceState(window.history.state, '', url);
  openRun(null);
  forgetViewport();
  usePrefs.getState().setView('designer');
  requestAnimationFrame(() => showDocument());
  toast.info(`Opened the graph of "${detail.name}" (not saved yet).`);
  return true;
}
