import { useEffect } from 'react';
import type { CommandSpec } from '../../../shared/commands/table';
import { COMMAND_TABLE } from '../model/commands';
import { useSession } from '../store/session';
import { chordOf, commandForChord, keyActsHere, runCommand } from './commands';

/** True when the key press belongs to a text field (shortcuts must not steal typing). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'range', 'color', 'file'].includes(type);
}

/** One window-level keydown listener maps chords to commands (the shared table's keys). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const id = commandForChord(chordOf(event));
      if (id === undefined) return;
      const spec: CommandSpec = COMMAND_TABLE[id];
      if (isTypingTarget(event.target) && spec.inFields !== true) return;
      // A modal dialog owns the keyboard, except for Escape (handled by the dialog itself).
      if (useSession.getState().dialog !== null) return;
      if (!keyActsHere(id)) return;
      event.preventDefault();
      runCommand(id, 'keyboard');
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
