import { useMemo, useState, type DragEvent } from 'react';
import { addLayer } from '../commands/edit';
import { paletteGroups, type LayerKindDef } from '../model/core';
import { PALETTE_MIME } from '../canvas/dnd';
import { useEditor } from '../store/editor';
import { LibraryBlocks, matchingBlocks } from './LibraryBlocks';
import './palette.css';

/**
 * The layer palette: grouped by category in catalog order, filtered by a search over label, kind and
 * description. Drag an entry onto the canvas, or click it (or press Enter on it) to add it at the viewport
 * centre (below the selected node, wired to it, when exactly one is selected).
 */
export function Palette() {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => paletteGroups(), []);
  const q = query.trim().toLowerCase();
  const filtered = useMemo(
    () =>
      groups
        .map((g) => ({
          ...g,
          kinds: g.kinds.filter(
            (k) =>
              q === '' ||
              k.label.toLowerCase().includes(q) ||
              k.kind.includes(q) ||
              k.description.toLowerCase().includes(q) ||
              g.label.toLowerCase().includes(q),
          ),
        }))
        .filter((g) => g.kinds.length > 0),
    [groups, q],
  );
  const library = useEditor((s) => s.doc.blocks);
  const blocks = useMemo(() => matchingBlocks(library, q), [library, q]);
  const libraryEmpty = library === undefined || Object.keys(library).length === 0;
  return (
    <aside className="palette" aria-label="Layer palette">
      <div className="pane-header">Layers</div>
      <div className="palette-search">
        <input
          type="search"
          placeholder="Search layers…"
          aria-label="Search layers"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      <div className="palette-groups">
        {filtered.map((group) => (
          <section
            key={group.category}
            className="palette-group"
            aria-labelledby={`palette-${group.category}`}
          >
            <h3 id={`palette-${group.category}`} className="palette-group-title">
              {group.label}
            </h3>
            <ul role="list">
              {group.kinds.map((def) => (
                <PaletteItem key={def.kind} def={def} />
              ))}
            </ul>
          </section>
        ))}
        <LibraryBlocks entries={blocks} empty={libraryEmpty} query={q} />
        {filtered.length === 0 && blocks.length === 0 ? (
          <p className="muted palette-empty">No layer matches “{query}”.</p>
        ) : null}
      </div>
    </aside>
  );
}

function PaletteItem({ def }: { def: LayerKindDef }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(PALETTE_MIME, def.kind);
    event.dataTransfer.setData('text/plain', def.label);
    event.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <li>
      <button
        type="button"
        className={`palette-item cat-${def.category}`}
        data-testid={`palette-item-${def.kind}`}
        draggable
        onDragStart={onDragStart}
        onClick={() => addLayer(def.kind)}
        title={def.description}
        aria-label={`Add ${def.label}`}
      >
        <span className="palette-swatch" aria-hidden="true" />
        <span className="palette-label">{def.label}</span>
      </button>
    </li>
  );
}
