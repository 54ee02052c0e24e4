import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../../../shared/api/contract';
import { COMMAND_TABLE, keysOf, toAccelerator, type CommandId } from '../../../shared/commands/table';
import { buildMenuTemplate, withMnemonic } from '../../../main/electron/menu-template';

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const commandItems = (platform: NodeJS.Platform) =>
  flatten(buildMenuTemplate(() => undefined, platform, false)).filter(
    (item): item is MenuItemConstructorOptions & { id: CommandId } =>
      typeof item.id === 'string' && item.id in COMMAND_TABLE,
  );

describe('native menu template', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`has File/Edit/View/Go/Help and sends every menu command (${platform})`, () => {
      const sent: MenuCommand[] = [];
      const template = buildMenuTemplate((command) => sent.push(command), platform, false);
      const labels = template.map((item) => item.label?.replace('&', '')).filter(Boolean);
      expect(labels).toEqual(['File', 'Edit', 'View', 'Go', 'Help']);
      const items = flatten(template);
      for (const command of MENU_COMMANDS) {
        const item = items.find((candidate) => candidate.id === command);
        expect(item, command).toBeDefined();
        (item?.click as () => void)();
      }
      expect(sent).toEqual([...MENU_COMMANDS]);
    });

    // The bug this table fixed: the menu said Fit was Shift+1 while the key that worked was F.
    it(`shows exactly the command table's first key and label for every item (${platform})`, () => {
      const mac = platform === 'darwin' ? 'mac' : 'other';
      for (const item of commandItems(platform)) {
        const key = keysOf(item.id, mac)[0];
        expect(item.accelerator, item.id).toBe(key === undefined ? undefined : toAccelerator(key));
        expect(item.label?.replace('&', ''), item.id).toBe(COMMAND_TABLE[item.id].label);
      }
      const fit = commandItems(platform).find((i) => i.id === 'view.fit');
      expect(fit?.accelerator).toBe('F');
    });
  }

  it('registers only the keys the menu owns; edit keys stay with the page', () => {
    const items = commandItems('linux');
    const byId = (id: string) => items.find((item) => item.id === id);
    expect(byId('file.new')).toMatchObject({ accelerator: 'CmdOrCtrl+N', registerAccelerator: true });
    expect(byId('file.saveAs')).toMatchObject({
      accelerator: 'CmdOrCtrl+Shift+S',
      registerAccelerator: true,
    });
    expect(byId('edit.undo')).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
    expect(byId('edit.redo')).toMatchObject({ accelerator: 'CmdOrCtrl+Y', registerAccelerator: false });
    expect(byId('edit.copy')).toMatchObject({ registerAccelerator: false });
    expect(byId('view.fit')).toMatchObject({ accelerator: 'F', registerAccelerator: false });
    expect(commandItems('darwin').find((i) => i.id === 'edit.redo')?.accelerator).toBe('CmdOrCtrl+Shift+Z');
    const all = flatten(buildMenuTemplate(() => undefined, 'linux', false));
    expect(all.some((item) => item.role === 'quit')).toBe(true);
    const accelerators = items
      .map((item) => item.accelerator)
      .filter((a): a is string => typeof a === 'string');
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  it('underlines each item’s mnemonic, or nothing when the label lacks it', () => {
    expect(withMnemonic('Save As…', 'A')).toBe('Save &As…');
    expect(withMnemonic('Duplicate', 'u')).toBe('D&uplicate');
    expect(withMnemonic('Fit', 'Q')).toBe('Fit');
    expect(withMnemonic('Fit', undefined)).toBe('Fit');
  });

  it('draws no separator at either end or twice (macOS drops Quit)', () => {
    for (const section of buildMenuTemplate(() => undefined, 'darwin', false)) {
      const sub = Array.isArray(section.submenu) ? section.submenu : [];
      expect(sub[0]?.type).not.toBe('separator');
      expect(sub.at(-1)?.type).not.toBe('separator');
    }
  });

  it('offers DevTools only when asked', () => {
    const roles = (devTools: boolean) =>
      flatten(buildMenuTemplate(() => undefined, 'linux', devTools)).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});
