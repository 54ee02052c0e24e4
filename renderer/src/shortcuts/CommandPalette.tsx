import { useId, useMemo, useState } from 'react';
import type { CommandSpec } from '../../../shared/commands/table';
import { COMMAND_IDS, COMMAND_TABLE } from '../model/commands';
import { Overlay } from '../app/Overlay';
import { closeDialog, useSession } from '../store/session';
import { runCommand, shortcutLabel, type CommandId } from './commands';
import './shortcuts.css';

/** Words of the query, each found somewhere in the command's category, label or hint (case-insensitive). */
export function matchCommands(query: string): CommandId[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return COMMAND_IDS.filter((id) => {
    const spec: CommandSpec = COMMAND_TABLE[id];
    const text = `${spec.category} ${spec.label} ${spec.hint ?? ''} ${id}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * The command palette (Ctrl+Shift+P or Ctrl+K, as in VS Code): every command of the shared table with its key,
 * filtered as you type; ↑/↓ choose, Enter runs, Escape closes. A combobox over a listbox (WAI-ARIA), focus
 * stays in the field.
 */
export function CommandPalette() {
  const open = useSession((s) => s.dialog?.kind === 'commands');
  return open ? <Palette /> : null;
}

function Palette() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const matches = useMemo(() => matchCommands(query), [query]);
  const current = Math.min(active, Math.max(0, matches.length - 1));
  const run = (id: CommandId | undefined) => {
    if (id === undefined) return;
    closeDialog();
    runCommand(id, 'ui');
  };
  const optionId = (id: CommandId) => `${listId}-${id.replace('.', '-')}`;
  return (
    <Overlay title="Command palette" onClose={closeDialog} size="wide">
      <input
        type="text"
        role="combobox"
        aria-label="Type a command"
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={matches[current] === undefined ? undefined : optionId(matches[current])}
        autoComplete="off"
        data-autofocus
        className="palette-query"
        placeholder="Type a command…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((current + 1) % Math.max(1, matches.length));
          else if (e.key === 'ArrowUp')
            setActive((current - 1 + matches.length) % Math.max(1, matches.length));
          else if (e.key === 'Enter') run(matches[current]);
          else return;
          e.preventDefault();
        }}
      />
      <ul className="command-list" role="listbox" id={listId} aria-label="Commands">
        {matches.map((id, i) => {
          const spec: CommandSpec = COMMAND_TABLE[id];
          const key = shortcutLabel(id);
          return (
            <li
              key={id}
              id={optionId(id)}
              role="option"
              aria-selected={i === current}
              className="command-option"
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => run(id)}
            >
              <span className="command-category">{spec.category}:</span>
              <span className="command-label">{spec.label}</span>
              {spec.hint !== undefined ? <span className="command-hint">{spec.hint}</span> : null}
              {key !== '' ? <kbd className="command-key">{key}</kbd> : null}
            </li>
          );
        })}
        {matches.length === 0 ? <li className="muted command-none">No command matches “{query}”.</li> : null}
      </ul>
    </Overlay>
  );
}
