import type { CommandId } from './table';

/**
 * The native menu's layout: which commands sit in which menu, in order, with separators and the platform's
 * own items (roles) between them. Labels and keys come from the command table; main/electron turns this into
 * Electron's template.
 */
export type MenuRole =
  'quit' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'toggleDevTools' | 'appMenu';

export type MenuEntry =
  | { readonly command: CommandId }
  | { readonly separator: true }
  | { readonly role: MenuRole; readonly only?: 'notMac' | 'devTools' };

export interface MenuSection {
  readonly label: 'File' | 'Edit' | 'View' | 'Go' | 'Help';
  readonly mnemonic: string;
  readonly entries: readonly MenuEntry[];
}

const c = (command: CommandId): MenuEntry => ({ command });
const SEP: MenuEntry = { separator: true };

export const MENU_LAYOUT: readonly MenuSection[] = [
  {
    label: 'File',
    mnemonic: 'F',
    entries: [
      c('file.new'),
      c('file.open'),
      SEP,
      c('file.save'),
      c('file.saveAs'),
      { separator: true },
      { role: 'quit', only: 'notMac' },
    ],
  },
  {
    label: 'Edit',
    mnemonic: 'E',
    entries: [
      c('edit.undo'),
      c('edit.redo'),
      SEP,
      c('edit.copy'),
      c('edit.paste'),
      c('edit.duplicate'),
      c('edit.delete'),
      c('edit.deleteOnly'),
      SEP,
      c('edit.selectAll'),
      SEP,
      c('edit.group'),
      c('edit.ungroup'),
    ],
  },
  {
    label: 'View',
    mnemonic: 'V',
    entries: [
      c('view.fit'),
      c('view.layout'),
      c('view.toggleTheme'),
      SEP,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      SEP,
      { role: 'togglefullscreen' },
      { role: 'toggleDevTools', only: 'devTools' },
    ],
  },
  {
    label: 'Go',
    mnemonic: 'G',
    entries: [c('go.welcome'), c('go.designer'), c('go.training'), c('go.compare')],
  },
  {
    label: 'Help',
    mnemonic: 'H',
    entries: [c('help.commands'), c('help.shortcuts'), SEP, c('help.about')],
  },
];

/** Every command the native menu can send (the `menu` event's payload is one of these). */
export const menuCommands = (): CommandId[] =>
  MENU_LAYOUT.flatMap((s) => s.entries.flatMap((e) => ('command' in e ? [e.command] : [])));
