import type { MenuItemConstructorOptions } from 'electron';
import { MENU_LAYOUT, type MenuEntry } from '../../shared/commands/menu';
import { COMMAND_TABLE, keysOf, toAccelerator, type CommandId } from '../../shared/commands/table';

/**
 * The native menu, built from the shared command table and menu layout: labels, keys and mnemonics are the
 * ones the page's shortcuts, tooltips, `?` sheet and command palette show. App commands are sent to the
 * renderer as `menu` events; the renderer owns what they do (and handles the same keys itself in browser mode).
 * Keys the page must see first (edit keys, single letters) are shown but not registered
 * (registerAccelerator: false), so text fields and the code editor keep their native undo/copy/paste.
 */
export function withMnemonic(label: string, letter: string | undefined): string {
  if (letter === undefined) return label;
  let at = label.indexOf(letter);
  if (at < 0) at = label.toLowerCase().indexOf(letter.toLowerCase());
  return at < 0 ? label : `${label.slice(0, at)}&${label.slice(at)}`;
}

export function buildMenuTemplate(
  send: (command: CommandId) => void,
  platform: NodeJS.Platform,
  devTools: boolean,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const item = (entry: MenuEntry): MenuItemConstructorOptions[] => {
    if ('separator' in entry) return [{ type: 'separator' }];
    if ('role' in entry) {
      if (entry.only === 'notMac' && isMac) return [];
      if (entry.only === 'devTools' && !devTools) return [];
      return [{ role: entry.role }];
    }
    const spec = COMMAND_TABLE[entry.command];
    const key = keysOf(entry.command, isMac ? 'mac' : 'other')[0];
    return [
      {
        label: withMnemonic(spec.label, 'mnemonic' in spec ? spec.mnemonic : undefined),
        id: entry.command,
        click: () => send(entry.command),
        ...(key === undefined
          ? {}
          : {
              accelerator: toAccelerator(key),
              registerAccelerator: 'menuOwnsKey' in spec && spec.menuOwnsKey,
            }),
      },
    ];
  };
  const sections = MENU_LAYOUT.map((section): MenuItemConstructorOptions => ({
    label: withMnemonic(section.label, section.mnemonic),
    ...(section.label === 'Help' ? { role: 'help' as const } : {}),
    submenu: dropStraySeparators(section.entries.flatMap(item)),
  }));
  const appMenu: MenuItemConstructorOptions[] = isMac ? [{ role: 'appMenu' }] : [];
  return [...appMenu, ...sections];
}

/** A separator left at either end or doubled (a role dropped on this platform) is not drawn. */
function dropStraySeparators(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.filter(
    (it, i) =>
      it.type !== 'separator' || (i > 0 && i < items.length - 1 && items[i - 1]?.type !== 'separator'),
  );
}
