import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/api/contract';

/**
 * The native menu as data: File / Edit / View / Help with the usual accelerators. App commands are sent to
 * the renderer as `menu` events; the renderer owns what they do (and handles the same keys itself in browser
 * mode). Edit shortcuts are shown but not registered (registerAccelerator: false), so the keys reach the page:
 * text fields and the code editor keep their native undo/copy/paste, and the canvas handles them otherwise.
 */
export function buildMenuTemplate(
  send: (command: MenuCommand) => void,
  platform: NodeJS.Platform,
  devTools: boolean,
): MenuItemConstructorOptions[] {
  const command = (
    label: string,
    id: MenuCommand,
    accelerator?: string,
    registerAccelerator = true,
  ): MenuItemConstructorOptions => ({
    label,
    id,
    click: () => send(id),
    ...(accelerator === undefined ? {} : { accelerator, registerAccelerator }),
  });
  const isMac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      command('&New', 'file.new', 'CmdOrCtrl+N'),
      command('&Open…', 'file.open', 'CmdOrCtrl+O'),
      { type: 'separator' },
      command('&Save', 'file.save', 'CmdOrCtrl+S'),
      command('Save &As…', 'file.saveAs', 'CmdOrCtrl+Shift+S'),
      ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      command('&Undo', 'edit.undo', 'CmdOrCtrl+Z', false),
      command('&Redo', 'edit.redo', isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y', false),
      { type: 'separator' },
      command('&Copy', 'edit.copy', 'CmdOrCtrl+C', false),
      command('&Paste', 'edit.paste', 'CmdOrCtrl+V', false),
      command('D&uplicate', 'edit.duplicate', 'CmdOrCtrl+D', false),
      command('&Delete', 'edit.delete', 'Delete', false),
      { type: 'separator' },
      command('Select &All', 'edit.selectAll', 'CmdOrCtrl+A', false),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      command('&Fit to Window', 'view.fit', 'Shift+1', false),
      command('Toggle &Theme', 'view.toggleTheme', 'CmdOrCtrl+Shift+L'),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const] : []),
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [command('&About Stride', 'help.about')],
  };
  const appMenu: MenuItemConstructorOptions[] = isMac ? [{ role: 'appMenu' }] : [];
  return [...appMenu, file, edit, view, help];
}
