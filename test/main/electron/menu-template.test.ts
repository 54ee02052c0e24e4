import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../../../shared/api/contract';
import { buildMenuTemplate } from '../../../main/electron/menu-template';

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

describe('native menu template', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`has File/Edit/View/Help and sends every menu command (${platform})`, () => {
      const sent: MenuCommand[] = [];
      const template = buildMenuTemplate((command) => sent.push(command), platform, false);
      const labels = template.map((item) => item.label?.replace('&', '')).filter(Boolean);
      expect(labels).toEqual(['File', 'Edit', 'View', 'Help']);
      const items = flatten(template);
      for (const command of MENU_COMMANDS) {
        const item = items.find((candidate) => candidate.id === command);
        expect(item, command).toBeDefined();
        (item?.click as () => void)();
      }
      expect(sent).toEqual([...MENU_COMMANDS]);
    });
  }

  it('uses the usual accelerators, and leaves edit keys to the page', () => {
    const items = flatten(buildMenuTemplate(() => undefined, 'linux', false));
    const byId = (id: string) => items.find((item) => item.id === id);
    expect(byId('file.new')?.accelerator).toBe('CmdOrCtrl+N');
    expect(byId('file.open')?.accelerator).toBe('CmdOrCtrl+O');
    expect(byId('file.save')?.accelerator).toBe('CmdOrCtrl+S');
    expect(byId('file.saveAs')?.accelerator).toBe('CmdOrCtrl+Shift+S');
    expect(byId('edit.undo')).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
    expect(byId('edit.redo')).toMatchObject({ accelerator: 'Ctrl+Y', registerAccelerator: false });
    expect(byId('edit.copy')).toMatchObject({ accelerator: 'CmdOrCtrl+C', registerAccelerator: false });
    expect(byId('edit.paste')).toMatchObject({ accelerator: 'CmdOrCtrl+V', registerAccelerator: false });
    expect(items.some((item) => item.role === 'quit')).toBe(true);
    const accelerators = items
      .map((item) => item.accelerator)
      .filter((a): a is string => typeof a === 'string');
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('offers DevTools only when asked', () => {
    const roles = (devTools: boolean) =>
      flatten(buildMenuTemplate(() => undefined, 'linux', devTools)).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
