import { describe, expect, it } from 'vitest';
import { chordOf, commandForChord } from '../../../renderer/src/shortcuts/commands';
import { isTypingTarget } from '../../../renderer/src/shortcuts/useShortcuts';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) =>
  chordOf({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('shortcuts', () => {
  it('maps the documented chords to commands (Ctrl or Cmd)', () => {
    expect(commandForChord(key('Delete'))).toBe('edit.delete');
    expect(commandForChord(key('Backspace'))).toBe('edit.delete');
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
    expect(commandForChord(key('q'))).toBeUndefined();
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
