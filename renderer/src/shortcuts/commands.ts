import type { MenuCommand } from '../../../shared/api/contract';
import { toggleTheme } from '../app/theme';
import { copy, deleteSelection, duplicate, paste, redo, selectAll, undo } from '../commands/edit';
import { openDocument, saveDocument } from '../commands/file';
import { groupSelection, ungroupSelection } from '../commands/group';
import { autoLayout } from '../layout/autoLayout';
import { fitView } from '../canvas/viewport';
import { enterScope, select, useEditor } from '../store/editor';
import { openDialog, useSession } from '../store/session';
import { toast } from '../store/toasts';

/**
 * Every user-level command in one table: the keyboard, the Electron menu (`window.stride.on('menu')`) and
 * the toolbar all run commands by id, so each behaves the same wherever it starts.
 */
export type CommandId =
  MenuCommand | 'edit.group' | 'edit.ungroup' | 'view.layout' | 'view.gallery' | 'view.escape';

export interface CommandDef {
  readonly label: string;
  /** Chords like `Mod+Z` (Mod = Ctrl, or Cmd on macOS). */
  readonly keys: readonly string[];
  /** File commands also work from inside a text field (the field's value is already committed). */
  readonly inFields?: boolean;
  readonly run: () => void;
}

function escape(): void {
  const s = useEditor.getState();
  if (s.selectedNodes.length > 0 || s.selectedEdges.length > 0) select([], []);
  else if (s.scope.length > 0) enterScope(s.scope.slice(0, -1));
}

export const COMMANDS: Readonly<Record<CommandId, CommandDef>> = {
  'file.new': {
    label: 'New network',
    keys: ['Mod+N'],
    inFields: true,
    run: () => openDialog({ kind: 'gallery', tab: 'presets' }),
  },
  'file.open': { label: 'Open…', keys: ['Mod+O'], inFields: true, run: () => void openDocument() },
  'file.save': { label: 'Save', keys: ['Mod+S'], inFields: true, run: () => void saveDocument() },
  'file.saveAs': {
    label: 'Save As…',
    keys: ['Mod+Shift+S'],
    inFields: true,
    run: () => void saveDocument({ saveAs: true }),
  },
  'edit.undo': { label: 'Undo', keys: ['Mod+Z'], run: () => void undo() },
  'edit.redo': { label: 'Redo', keys: ['Mod+Y', 'Mod+Shift+Z'], run: () => void redo() },
  'edit.copy': { label: 'Copy', keys: ['Mod+C'], run: () => void copy() },
  'edit.paste': { label: 'Paste', keys: ['Mod+V'], run: () => void paste() },
  'edit.duplicate': { label: 'Duplicate', keys: ['Mod+D'], run: () => void duplicate() },
  'edit.delete': { label: 'Delete', keys: ['Delete', 'Backspace'], run: () => void deleteSelection() },
  'edit.selectAll': { label: 'Select all', keys: ['Mod+A'], run: selectAll },
  'edit.group': { label: 'Group into block', keys: ['Mod+G'], run: () => void groupSelection() },
  'edit.ungroup': { label: 'Ungroup block', keys: ['Mod+Shift+G'], run: () => void ungroupSelection() },
  'view.fit': { label: 'Fit to view', keys: ['F'], run: fitView },
  'view.layout': { label: 'Auto-layout', keys: ['L'], run: () => void autoLayout() },
  'view.toggleTheme': { label: 'Toggle light/dark theme', keys: [], run: toggleTheme },
  'view.gallery': {
    label: 'Presets gallery',
    keys: [],
    run: () => openDialog({ kind: 'gallery', tab: 'presets' }),
  },
  'view.escape': { label: 'Clear selection / leave block', keys: ['Escape'], run: escape },
  'help.about': {
    label: 'About Stride',
    keys: [],
    run: () =>
      toast.info(`Stride ${useSession.getState().version ?? ''} — design, check, train and teach CNNs.`),
  },
};

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
  COMMANDS[id].run();
}

export function runMenuCommand(id: MenuCommand): void {
  runCommand(id, 'menu');
}

/** `Mod+Shift+Z` for a keydown, with Mod = Ctrl or Cmd. */
export function chordOf(
  event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>,
): string {
  const key = event.key.length === 1 ? event.key.toUpperCase() : event.key;
  return `${event.ctrlKey || event.metaKey ? 'Mod+' : ''}${event.altKey ? 'Alt+' : ''}${event.shiftKey ? 'Shift+' : ''}${key}`;
}

const byChord = new Map<string, CommandId>();
for (const [id, def] of Object.entries(COMMANDS) as [CommandId, CommandDef][]) {
  for (const key of def.keys) byChord.set(key, id);
}

export const commandForChord = (chord: string): CommandId | undefined => byChord.get(chord);

/** How a command's first chord reads on this platform, for tooltips. */
export function shortcutLabel(id: CommandId): string {
  const key = COMMANDS[id].keys[0];
  if (key === undefined) return '';
  const mac = /Mac|iPhone|iPad/.test(navigator.platform);
  return key.replace('Mod+', mac ? '⌘' : 'Ctrl+').replace('Shift+', mac ? '⇧' : 'Shift+');
}
