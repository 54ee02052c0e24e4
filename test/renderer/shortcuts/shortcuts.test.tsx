import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_IDS, COMMAND_TABLE } from '../../../shared/commands/table';
import { CommandPalette, matchCommands } from '../../../renderer/src/shortcuts/CommandPalette';
import {
  ACTIONS,
  chordOf,
  commandForChord,
  commandTitle,
  keyActsHere,
  runCommand,
} from '../../../renderer/src/shortcuts/commands';
import { ShortcutSheet } from '../../../renderer/src/shortcuts/ShortcutSheet';
import { isTypingTarget } from '../../../renderer/src/shortcuts/useShortcuts';
import { usePrefs } from '../../../renderer/src/store/prefs';
import { closeDialog, openDialog, useSession } from '../../../renderer/src/store/session';

const key = (
  k: string,
  mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {},
  code?: string,
) => chordOf({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods, code });

describe('shortcuts', () => {
  afterEach(() => {
    cleanup();
    closeDialog();
  });

  it('maps the documented chords to commands (Ctrl or Cmd)', () => {
    expect(commandForChord(key('Delete'))).toBe('edit.delete');
    expect(commandForChord(key('Backspace'))).toBe('edit.delete');
    expect(commandForChord(key('Delete', { shiftKey: true }))).toBe('edit.deleteOnly');
    expect(commandForChord(key('z', { ctrlKey: true }))).toBe('edit.undo');
    expect(commandForChord(key('z', { metaKey: true }))).toBe('edit.undo');
    expect(commandForChord(key('y', { ctrlKey: true }))).toBe('edit.redo');
    expect(commandForChord(key('Z', { ctrlKey: true, shiftKey: true }))).toBe('edit.redo');
    expect(commandForChord(key('c', { ctrlKey: true }))).toBe('edit.copy');
    expect(commandForChord(key('v', { ctrlKey: true }))).toBe('edit.paste');
    expect(commandForChord(key('d', { ctrlKey: true }))).toBe('edit.duplicate');
    expect(commandForChord(key('s', { ctrlKey: true }))).toBe('file.save');
    expect(commandForChord(key('o', { ctrlKey: true }))).toBe('file.open');
    expect(commandForChord(key('n', { ctrlKey: true }))).toBe('file.new');
    expect(commandForChord(key('a', { ctrlKey: true }))).toBe('edit.selectAll');
    expect(commandForChord(key('f'))).toBe('view.fit');
    expect(commandForChord(key('g', { ctrlKey: true }))).toBe('edit.group');
    expect(commandForChord(key('G', { ctrlKey: true, shiftKey: true }))).toBe('edit.ungroup');
    expect(commandForChord(key('P', { ctrlKey: true, shiftKey: true }))).toBe('help.commands');
    expect(commandForChord(key('k', { ctrlKey: true }))).toBe('help.commands');
    // `?` is Shift+/ on most layouts: the Shift it needs is not part of the chord.
    expect(commandForChord(key('?', { shiftKey: true }))).toBe('help.shortcuts');
    // Alt+digit reads the digit from the key code (macOS types ¡ for Alt+1).
    expect(commandForChord(key('¡', { altKey: true }, 'Digit1'))).toBe('go.designer');
    expect(commandForChord(key('2', { altKey: true }, 'Digit2'))).toBe('go.training');
    expect(commandForChord(key('q'))).toBeUndefined();
  });

  it('has an action for every command of the table, and tooltips say its key', () => {
    expect(Object.keys(ACTIONS).sort()).toEqual([...COMMAND_IDS].sort());
    expect(commandTitle('view.fit')).toBe('Fit to Window (F)');
    expect(commandTitle('edit.undo', 'Add Conv2D')).toBe('Undo: Add Conv2D (Ctrl+Z)');
  });

  it('leaves canvas keys alone outside the designer; a menu or the palette brings the designer forward', () => {
    usePrefs.getState().setView('training');
    expect(keyActsHere('view.fit')).toBe(false);
    expect(keyActsHere('file.save')).toBe(true);
    runCommand('view.escape', 'ui');
    expect(usePrefs.getState().view).toBe('designer');
    runCommand('go.compare', 'ui');
    expect(usePrefs.getState().view).toBe('compare');
  });

  it('treats text fields as typing targets, but not checkboxes or buttons', () => {
    const text = document.createElement('input');
    const box = document.createElement('input');
    box.type = 'checkbox';
    expect(isTypingTarget(text)).toBe(true);
    expect(isTypingTarget(document.createElement('textarea'))).toBe(true);
    expect(isTypingTarget(box)).toBe(false);
    expect(isTypingTarget(document.createElement('button'))).toBe(false);
  });
});

describe('command palette and shortcut sheet', () => {
  beforeEach(() => usePrefs.getState().setView('designer'));
  afterEach(() => {
    cleanup();
    closeDialog();
  });

  it('finds commands by words of their label, category or hint', () => {
    expect(matchCommands('')).toHaveLength(COMMAND_IDS.length);
    expect(matchCommands('fit')).toContain('view.fit');
    expect(matchCommands('layout wrapped')).toEqual(['view.layout', 'view.layoutWrapped']);
    expect(matchCommands('go train')).toEqual(['go.training']);
    expect(matchCommands('zzz')).toEqual([]);
  });

  it('lists every command with its key, filters as you type, and runs the chosen one with Enter', async () => {
    const user = userEvent.setup();
    openDialog({ kind: 'commands' });
    render(<CommandPalette />);
    const dialog = screen.getByRole('dialog', { name: 'Command palette' });
    const list = within(dialog).getByRole('listbox', { name: 'Commands' });
    expect(within(list).getAllByRole('option')).toHaveLength(COMMAND_IDS.length);
    const fit = within(list).getByRole('option', { name: /Fit to Window/ });
    expect(fit.textContent).toContain('F');
    const field = within(dialog).getByRole('combobox', { name: 'Type a command' });
    await user.type(field, 'compare');
    expect(
      within(list)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Go:CompareNetworks and runs side by sideAlt+3']);
    await user.keyboard('{Enter}');
    expect(useSession.getState().dialog).toBeNull();
    expect(usePrefs.getState().view).toBe('compare');
  });

  it('moves the choice with the arrows', async () => {
    const user = userEvent.setup();
    openDialog({ kind: 'commands' });
    render(<CommandPalette />);
    await user.type(screen.getByRole('combobox'), 'layout');
    const options = () => screen.getAllByRole('option');
    expect(options()[0]?.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowDown}');
    expect(options()[1]?.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(options().at(-1)?.getAttribute('aria-selected')).toBe('true');
  });

  it('shows every command that has a key, with all its keys', () => {
    openDialog({ kind: 'shortcuts' });
    render(<ShortcutSheet />);
    const sheet = screen.getByTestId('shortcut-sheet');
    const keyed = COMMAND_IDS.filter((id) => COMMAND_TABLE[id].keys.length > 0);
    for (const id of keyed) expect(sheet.textContent, id).toContain(COMMAND_TABLE[id].label);
    const redo = within(sheet)
      .getAllByRole('term')
      .find((t) => t.textContent === 'Redo')?.nextElementSibling;
    expect(redo?.textContent).toBe('Ctrl+Y or Ctrl+Shift+Z');
    expect(sheet.textContent).toContain('Splice it into the wire');
  });
});
