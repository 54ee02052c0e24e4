/**
 * Every user-level command as data: id, label, keys, category. The Electron menu (main/electron/menu-template),
 * the page's keyboard handler, toolbar tooltips, the `?` shortcut sheet and the command palette all read this
 * one table, so a key shown anywhere is the key that works. What a command *does* lives in the renderer
 * (renderer/src/shortcuts/commands.ts), in a table keyed by the same ids, so the compiler lists every command
 * that lacks an action.
 *
 * Keys are chords like `Mod+Shift+S`: `Mod` is Ctrl (Cmd on macOS); then Alt, Shift, and the key as
 * KeyboardEvent.key names it, letters upper-case. Shift is left out for punctuation that needs it (`?`).
 */
export type CommandCategory = 'File' | 'Edit' | 'View' | 'Go' | 'Help';

export interface CommandSpec {
  readonly label: string;
  readonly category: CommandCategory;
  /** The first key is the one menus and tooltips show. */
  readonly keys: readonly string[];
  /** Keys on macOS where they differ (Redo is Cmd+Shift+Z there). */
  readonly macKeys?: readonly string[];
  /** The letter the native menu underlines (Alt+letter on Windows and Linux). */
  readonly mnemonic?: string;
  /** Also runs while a text field has focus (file commands: the field's value is already committed). */
  readonly inFields?: boolean;
  /**
   * The native menu owns the key (a registered accelerator). Otherwise the menu only shows the key and the
   * page handles it, so text fields and the code editor keep their own undo, copy and paste.
   */
  readonly menuOwnsKey?: boolean;
  /** Longer text for the command palette and tooltips. */
  readonly hint?: string;
}

export const COMMAND_TABLE = {
  'file.new': {
    label: 'New…',
    category: 'File',
    keys: ['Mod+N'],
    mnemonic: 'N',
    inFields: true,
    menuOwnsKey: true,
    hint: 'A blank network or a classic one from the gallery',
  },
  'file.open': {
    label: 'Open…',
    category: 'File',
    keys: ['Mod+O'],
    mnemonic: 'O',
    inFields: true,
    menuOwnsKey: true,
  },
  'file.save': {
    label: 'Save',
    category: 'File',
    keys: ['Mod+S'],
    mnemonic: 'S',
    inFields: true,
    menuOwnsKey: true,
  },
  'file.saveAs': {
    label: 'Save As…',
    category: 'File',
    keys: ['Mod+Shift+S'],
    mnemonic: 'A',
    inFields: true,
    menuOwnsKey: true,
  },
  'edit.undo': { label: 'Undo', category: 'Edit', keys: ['Mod+Z'], mnemonic: 'U' },
  'edit.redo': {
    label: 'Redo',
    category: 'Edit',
    keys: ['Mod+Y', 'Mod+Shift+Z'],
    macKeys: ['Mod+Shift+Z', 'Mod+Y'],
    mnemonic: 'R',
  },
  'edit.copy': { label: 'Copy', category: 'Edit', keys: ['Mod+C'], mnemonic: 'C' },
  'edit.paste': { label: 'Paste', category: 'Edit', keys: ['Mod+V'], mnemonic: 'P' },
  'edit.duplicate': { label: 'Duplicate', category: 'Edit', keys: ['Mod+D'], mnemonic: 'u' },
  'edit.delete': {
    label: 'Delete',
    category: 'Edit',
    keys: ['Delete', 'Backspace'],
    mnemonic: 'D',
    hint: 'A layer with one input and one output: its neighbours are wired together',
  },
  'edit.deleteOnly': {
    label: 'Delete without reconnecting',
    category: 'Edit',
    keys: ['Shift+Delete', 'Shift+Backspace'],
    hint: 'Leaves the wires on either side unconnected',
  },
  'edit.selectAll': { label: 'Select All', category: 'Edit', keys: ['Mod+A'], mnemonic: 'A' },
  'edit.group': {
    label: 'Group into Block',
    category: 'Edit',
    keys: ['Mod+G'],
    mnemonic: 'G',
    hint: 'The selected layers become one reusable block',
  },
  'edit.ungroup': { label: 'Ungroup Block', category: 'Edit', keys: ['Mod+Shift+G'] },
  'view.fit': {
    label: 'Fit to Window',
    category: 'View',
    keys: ['F'],
    mnemonic: 'F',
    hint: 'Lays the network out for the window when needed and shows all of it',
  },
  'view.layout': {
    label: 'Auto-layout',
    category: 'View',
    keys: ['L'],
    mnemonic: 'L',
    hint: 'Top to bottom, left to right or wrapped into columns, whichever fits the window',
  },
  'view.layoutDown': { label: 'Layout: Top to Bottom', category: 'View', keys: [] },
  'view.layoutRight': { label: 'Layout: Left to Right', category: 'View', keys: [] },
  'view.layoutWrapped': {
    label: 'Layout: Wrapped in Columns',
    category: 'View',
    keys: [],
    hint: 'A long chain folded into columns, one per downsampling stage',
  },
  'view.toggleMinimap': { label: 'Show or Hide the Minimap', category: 'View', keys: [] },
  'view.toggleSnap': { label: 'Snap to Grid On or Off', category: 'View', keys: [] },
  'view.toggleTheme': {
    label: 'Toggle Light/Dark Theme',
    category: 'View',
    keys: ['Mod+Shift+L'],
    mnemonic: 'T',
    menuOwnsKey: true,
  },
  'view.escape': { label: 'Clear Selection / Leave Block', category: 'View', keys: ['Escape'] },
  'go.welcome': {
    label: 'Welcome',
    category: 'Go',
    keys: ['Alt+0'],
    mnemonic: 'W',
    hint: 'The gallery, recent projects and the lessons',
  },
  'go.designer': { label: 'Designer', category: 'Go', keys: ['Alt+1'], mnemonic: 'D' },
  'go.training': {
    label: 'Training',
    category: 'Go',
    keys: ['Alt+2'],
    mnemonic: 'T',
    hint: 'Train the network, watch the curves, open past runs',
  },
  'go.compare': {
    label: 'Compare',
    category: 'Go',
    keys: ['Alt+3'],
    mnemonic: 'C',
    hint: 'Networks and runs side by side',
  },
  'help.commands': {
    label: 'Command Palette…',
    category: 'Help',
    keys: ['Mod+Shift+P', 'Mod+K'],
    mnemonic: 'C',
    inFields: true,
  },
  'help.shortcuts': {
    label: 'Keyboard Shortcuts',
    category: 'Help',
    keys: ['?'],
    mnemonic: 'K',
  },
  'help.about': { label: 'About Stride', category: 'Help', keys: [], mnemonic: 'A' },
} as const satisfies Record<string, CommandSpec>;

export type CommandId = keyof typeof COMMAND_TABLE;

export const COMMAND_IDS = Object.keys(COMMAND_TABLE) as CommandId[];

export type Platform = 'mac' | 'other';

/** The command's keys on a platform, the shown one first. */
export function keysOf(id: CommandId, platform: Platform): readonly string[] {
  const spec: CommandSpec = COMMAND_TABLE[id];
  return platform === 'mac' && spec.macKeys !== undefined ? spec.macKeys : spec.keys;
}

/** How a chord reads: `Ctrl+Shift+S` elsewhere, `⌘⇧S` on macOS. */
export function keyLabel(chord: string, platform: Platform): string {
  if (platform !== 'mac') return chord.replace('Mod+', 'Ctrl+');
  return chord.replace('Mod+', '⌘').replace('Alt+', '⌥').replace('Shift+', '⇧');
}

/** Electron's accelerator for a chord (`Mod` is Electron's `CmdOrCtrl`). */
export const toAccelerator = (chord: string): string => chord.replace('Mod+', 'CmdOrCtrl+');
