import type { BlockDef, BlockLibrary } from '../../../shared/graph/schema';
import { insertBlock, removeLibraryBlock } from '../commands/group';
import { LIBRARY_BLOCK_MIME } from '../canvas/dnd';

/** The library entries whose name contains `query` (already trimmed and lower-cased), in library order. */
export function matchingBlocks(blocks: BlockLibrary | undefined, query: string): [string, BlockDef][] {
  return Object.entries(blocks ?? {}).filter(
    ([, def]) => query === '' || def.name.toLowerCase().includes(query),
  );
}

/**
 * "My blocks": the document's block library, saved with the project. Group (Ctrl+G) adds an entry; click or
 * drag one onto the canvas to place the block again — every placement shares one definition. An entry no
 * node uses can be removed here. The palette filters the entries (its "No layer matches" counts them too).
 */
export function LibraryBlocks({
  entries,
  empty,
  query,
}: {
  entries: readonly (readonly [string, BlockDef])[];
  /** The library has no entry at all (then, unless searching, a hint says how to make one). */
  empty: boolean;
  query: string;
}) {
  if (entries.length === 0 && (!empty || query !== '')) return null;
  return (
    <section className="palette-group" aria-labelledby="palette-my-blocks">
      <h3 id="palette-my-blocks" className="palette-group-title">
        My blocks
      </h3>
      {empty ? (
        <p className="muted small palette-hint">
          Select connected layers and press Ctrl+G to group them into a block you can place again.
        </p>
      ) : (
        <ul role="list" aria-label="My blocks">
          {entries.map(([id, def]) => (
            <LibraryBlockItem key={id} id={id} def={def} />
          ))}
        </ul>
      )}
    </section>
  );
}

function LibraryBlockItem({ id, def }: { id: string; def: BlockDef }) {
  const layers = def.body.nodes.length;
  return (
    <li className="palette-saved">
      <button
        type="button"
        className="palette-item cat-blocks"
        data-testid={`palette-block-${id}`}
        draggable
        onDragStart={(e) => {
          e.dataTransfer.setData(LIBRARY_BLOCK_MIME, id);
          e.dataTransfer.setData('text/plain', def.name);
          e.dataTransfer.effectAllowed = 'copy';
        }}
        onClick={() => insertBlock(id)}
        aria-label={`Add block ${def.name}`}
        title={`${def.name}: ${layers} layer${layers === 1 ? '' : 's'}, defined once for every use`}
      >
        <span className="palette-swatch" aria-hidden="true" />
        <span className="palette-label">{def.name}</span>
      </button>
      <button
        type="button"
        className="icon-button palette-remove"
        aria-label={`Remove block ${def.name} from the library`}
        title="Remove from the library (only when no node uses it)"
        onClick={() => removeLibraryBlock(id)}
      >
        ×
      </button>
    </li>
  );
}
