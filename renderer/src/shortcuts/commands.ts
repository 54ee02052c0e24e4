import type { CommandId, CommandSpec, Platform } from '../../../shared/commands/table';
import { COMMAND_IDS, COMMAND_TABLE, keyLabel, keysOf } from '../model/commands';
import { toggleTheme } from '../app/theme';
import { copy, deleteSelection, duplicate, paste, redo, selectAll, undo } from '../commands/edit';
import { openDocument, saveDocument } from '../commands/file';
import { groupSelection, ungroupSelection } from '../commands/group';
import { autoLayout, fitToWindow } from '../layout/autoLayout';
import { enterScope, select, useEditor } from '../store/editor';
import { usePrefs } from '../store/prefs';
import { openDialog, useSession } from '../store/session';
import { toast } from '../store/toasts';

export type { CommandId } from '../../../shared/commands/table';

/**
 * What each command of the shared table (shared/commands/table.ts) does in this window. The keyboard, the
 * Electron menu (`window.stride.on('menu')`), toolbar buttons and the command palette all run commands by id,
 * so each behaves the same wherever it starts. Keyed by the table's ids: a command added there and not here is
 * a compile error.
 */
function escape(): void {
  const s = useEditor.getState();
  if (s.selectedNodes.length > 0 || s.selectedEdges.length > 0) select([], []);
  else if (s.scope.length > 0) enterScope(s.scope.slice(0, -1));
}

const prefs = usePrefs.getState;

export const ACTIONS: Readonly<Record<CommandId, () => void>> = {
  'file.new': () => openDialog({ kind: 'gallery', tab: 'presets' }),
  'file.open': () => void openDocument(),
  'file.save': () => void saveDocument(),
  'file.saveAs': () => void saveDocument({ saveAs: true }),
  'edit.undo': () => void undo(),
  'edit.redo': () => void redo(),
  'edit.copy': () => void copy(),
  'edit.paste': () => void paste(),
  'edit.duplicate': () => void duplicate(),
  'edit.delete': () => void deleteSelection(),
  'edit.deleteOnly': () => void deleteSelection({ reconnect: false }),
  'edit.selectAll': selectAll,
  'edit.group': () => void groupSelection(),
  'edit.ungroup': () => void ungroupSelection(),
  'view.fit': () => void fitToWindow(),
  'view.layout': () => void autoLayout(),
  'view.layoutDown': () => void autoLayout('down'),
  'view.layoutRight': () => void autoLayout('right'),
  'view.layoutWrapped': () => void autoLayout('wrapped'),
  'view.toggleMinimap': () => prefs().toggleMinimap(),
  'view.toggleSnap': () => prefs().toggleSnap(),
  'view.toggleTheme': toggleTheme,
  'view.escape': escape,
  'go.welcome': () => prefs().setView('welcome'),
  'go.designer': () => prefs().setView('designer'),
  'go.training': () => prefs().setView('training'),
  'go.compare': () => prefs().setView('compare'),
  'help.commands': () => openDialog({ kind: 'commands' }),
  'help.shortcuts': () => openDialog({ kind: 'shortcuts' }),
  'help.about': () =>
    toast.info(`Stride ${useSession.getState().version ?? ''} — design, check, train and teach CNNs.`),
};

/** Commands that act on the designer's canvas do nothing useful elsewhere; the keyboard leaves them alone. */
const DESIGNER_ONLY: ReadonlySet<CommandId> = new Set<CommandId>([
  'edit.copy',
  'edit.paste',
  'edit.duplicate',
  'edit.delete',
  'edit.deleteOnly',
  'edit.selectAll',
  'edit.group',
  'edit.ungroup',
  'view.fit',
  'view.layout',
  'view.escape',
]);

/** Whether a command's key acts in the current view (menus and the palette switch to the designer first). */
export const keyActsHere = (id: CommandId): boolean =>
  !DESIGNER_ONLY.has(id) || usePrefs.getState().view === 'designer';

// The Electron menu's accelerators and the page's keydown can both see one key press; run it once. Only a
// repeat from the *other* source is dropped, so fast repeated presses (undo, undo, undo) all count.
export type CommandSource = 'keyboard' | 'menu' | 'ui';
let last: { id: CommandId; at: number; source: CommandSource } | null = null;
const DEDUPE_MS = 150;

export function runCommand(id: CommandId, source: CommandSource = 'ui'): void {
  const now = performance.now();
  const echo =
    last !== null &&
    last.id === id &&
    last.source !== source &&
    source !== 'ui' &&
    last.source !== 'ui' &&
    now - last.at < DEDUPE_MS;
  last = { id, at: now, source };
  if (echo) return;
  // From a menu or the palette, a canvas command brings the designer forward rather than doing nothing.
  if (source !== 'keyboard' && DESIGNER_ONLY.has(id) && usePrefs.getState().view !== 'designer') {
    usePrefs.getState().setView('designer');
  }
  ACTIONS[id]();
}

export function runMenuCommand(id: CommandId): void {
  runCommand(id, 'menu');
}

const PUNCTUATION_WITH_SHIFT = /^[^A-Za-z0-9]$/;

/**
 * `Mod+Shift+Z` for a keydown, with Mod = Ctrl or Cmd. Shift is dropped for punctuation that needs it (`?` is
 * Shift+/ on most layouts), and Alt+digit reads the digit from `code` (on macOS Alt+1 types `¡`).
 */
export function chordOf(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'> & { code?: string },
): string {
  let key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  const digit = event.altKey ? /^Digit(\d)$/.exec(event.code ?? '') : null;
  if (digit !== null) key = digit[1] ?? key;
  const shift = event.shiftKey && !PUNCTUATION_WITH_SHIFT.test(key);
  return `${event.ctrlKey || event.metaKey ? 'Mod+' : ''}${event.altKey ? 'Alt+' : ''}${shift ? 'Shift+' : ''}${key}`;
}

const byChord = new Map<string, CommandId>();
for (const id of COMMAND_IDS) {
  const spec: CommandSpec = COMMAND_TABLE[id];
  for (const key of [...spec.keys, ...(spec.macKeys ?? [])]) byChord.set(key, id);
}

export const commandForChord = (chord: string): CommandId | undefined => byChord.get(chord);

export const platform = (): Platform =>
  typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? 'mac' : 'other';

/** How a command's first chord reads on this platform, for tooltips ('' when it has none). */
export function shortcutLabel(id: CommandId): string {
  const key = keysOf(id, platform())[0];
  return key === undefined ? '' : keyLabel(key, platform());
}

/** Every chord of a command, as it reads here. */
export const shortcutLabels = (id: CommandId): string[] =>
  keysOf(id, platform()).map((k) => keyLabel(k, platform()));

/** "Fit to Window (F)" — a button's tooltip from the table. */
export function commandTitle(id: CommandId, detail?: string): string {
  const key = shortcutLabel(id);
  const label = COMMAND_TABLE[id].label;
  return `${label}${detail !== undefined && detail !== '' ? `: ${detail}` : ''}${key !== '' ? ` (${key})` : ''}`;
}
