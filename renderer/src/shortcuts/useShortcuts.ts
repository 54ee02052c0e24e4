import { useEffect } from 'react';
import { useSession } from '../store/session';
import { chordOf, commandForChord, COMMANDS, runCommand } from './commands';

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

/** One window-level keydown listener maps chords to commands. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const id = commandForChord(chordOf(event));
      if (id === undefined) return;
      const def = COMMANDS[id];
      if (isTypingTarget(event.target) && def.inFields !== true) return;
      // A modal dialog owns the keyboard, except for Escape (handled by the dialog itself).
      if (useSession.getState().dialog !== null) return;
      event.preventDefault();
      runCommand(id, 'keyboard');
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
