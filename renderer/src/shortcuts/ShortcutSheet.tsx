import type { CommandCategory } from '../../../shared/commands/table';
import { COMMAND_IDS, COMMAND_TABLE } from '../model/commands';
import { Overlay } from '../app/Overlay';
import { closeDialog, useSession } from '../store/session';
import { shortcutLabels } from './commands';
import './shortcuts.css';

const CATEGORIES: readonly CommandCategory[] = ['File', 'Edit', 'View', 'Go', 'Help'];

/** What the mouse does on the canvas: not commands, but part of "every shortcut". */
const GESTURES: readonly [string, string][] = [
  ['Drag a layer from the palette onto a wire', 'Splice it into the wire'],
  ['Click a layer in the palette', 'Add it after the selected layer (spliced in)'],
  ['Drag from a node’s lower or right handle to another’s upper or left one', 'Wire them'],
  ['Shift + drag on the empty canvas', 'Select with a box'],
  ['Double-click a block', 'Open its branches'],
  ['Wheel / drag on the empty canvas', 'Zoom / pan'],
];

/** The `?` sheet: every command that has a key, grouped as the menus are, and the canvas gestures. */
export function ShortcutSheet() {
  const open = useSession((s) => s.dialog?.kind === 'shortcuts');
  if (!open) return null;
  return (
    <Overlay title="Keyboard shortcuts" onClose={closeDialog} size="wide">
      <div className="shortcut-sheet" data-testid="shortcut-sheet">
        {CATEGORIES.map((category) => {
          const ids = COMMAND_IDS.filter(
            (id) => COMMAND_TABLE[id].category === category && COMMAND_TABLE[id].keys.length > 0,
          );
          return (
            <section key={category} aria-label={category}>
              <h3>{category}</h3>
              <dl className="shortcut-list">
                {ids.map((id) => (
                  <div key={id} className="shortcut-row">
                    <dt>{COMMAND_TABLE[id].label}</dt>
                    <dd>
                      {shortcutLabels(id).map((k, i) => (
                        <span key={k}>
                          {i > 0 ? <span className="muted"> or </span> : null}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          );
        })}
        <section aria-label="Mouse">
          <h3>Mouse</h3>
          <dl className="shortcut-list">
            {GESTURES.map(([what, does]) => (
              <div key={what} className="shortcut-row">
                <dt>{does}</dt>
                <dd className="muted">{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </Overlay>
  );
}
