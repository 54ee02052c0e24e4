import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS } from '../../../shared/api/contract';
import { MENU_LAYOUT, menuCommands } from '../../../shared/commands/menu';
import {
  COMMAND_IDS,
  COMMAND_TABLE,
  keyLabel,
  keysOf,
  toAccelerator,
  type CommandSpec,
} from '../../../shared/commands/table';

describe('the command table', () => {
  it('gives every chord to one command only, on each platform', () => {
    for (const platform of ['mac', 'other'] as const) {
      const owner = new Map<string, string>();
      for (const id of COMMAND_IDS) {
        for (const key of keysOf(id, platform)) {
          expect(owner.get(key), `${key} is ${owner.get(key)} and ${id}`).toBeUndefined();
          owner.set(key, id);
        }
      }
    }
  });

  it('has a label and a category for each command, and chords in the documented form', () => {
    for (const id of COMMAND_IDS) {
      const spec: CommandSpec = COMMAND_TABLE[id];
      expect(spec.label.length, id).toBeGreaterThan(2);
      expect(id.split('.')[0], id).toBe(spec.category === 'Go' ? 'go' : spec.category.toLowerCase());
      for (const key of [...spec.keys, ...(spec.macKeys ?? [])]) {
        expect(key, id).toMatch(/^(Mod\+)?(Alt\+)?(Shift\+)?([A-Z0-9?]|Delete|Backspace|Escape)$/);
      }
      if (spec.mnemonic !== undefined)
        expect(spec.label.toLowerCase(), id).toContain(spec.mnemonic.toLowerCase());
    }
  });

  it('keeps the keys that were always there, and Fit is F (the menu once said Shift+1)', () => {
    expect(COMMAND_TABLE['view.fit'].keys).toEqual(['F']);
    expect(COMMAND_TABLE['edit.undo'].keys).toEqual(['Mod+Z']);
    expect(keysOf('edit.redo', 'mac')[0]).toBe('Mod+Shift+Z');
    expect(keysOf('edit.redo', 'other')[0]).toBe('Mod+Y');
    expect(COMMAND_TABLE['help.commands'].keys).toEqual(['Mod+Shift+P', 'Mod+K']);
    expect(COMMAND_TABLE['help.shortcuts'].keys).toEqual(['?']);
    expect(COMMAND_TABLE['edit.deleteOnly'].keys[0]).toBe('Shift+Delete');
  });

  it('reads chords per platform and turns them into Electron accelerators', () => {
    expect(keyLabel('Mod+Shift+S', 'other')).toBe('Ctrl+Shift+S');
    expect(keyLabel('Mod+Shift+S', 'mac')).toBe('⌘⇧S');
    expect(keyLabel('Alt+1', 'mac')).toBe('⌥1');
    expect(toAccelerator('Mod+Shift+P')).toBe('CmdOrCtrl+Shift+P');
    expect(toAccelerator('F')).toBe('F');
  });

  it('lays the menu out from table commands, each once; the menu event carries exactly those', () => {
    const ids = menuCommands();
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(COMMAND_IDS).toContain(id);
    expect([...MENU_COMMANDS]).toEqual(ids);
    expect(MENU_LAYOUT.map((s) => s.label)).toEqual(['File', 'Edit', 'View', 'Go', 'Help']);
  });
});
