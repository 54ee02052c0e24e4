import { useState, type CSSProperties } from 'react';
import type { Grid } from '../model/teaching';
import { fmt } from '../model/teaching';

/**
 * A grid of numbers as the lecture notes draw them: one square cell per value, the cells in row-major order as
 * the element's direct children (the explainer's output grid is read that way). Cells are styled by a class per
 * cell (window, padding, current, done …); editable grids turn every cell into a small numeric field.
 */
export interface CellGridProps {
  readonly grid: Grid;
  readonly label: string;
  readonly cellClass?: (y: number, x: number) => string;
  readonly cellTitle?: (y: number, x: number) => string;
  /** Decimals written in a cell (the full value is in its title). */
  readonly digits?: number;
  readonly size?: number;
  readonly testId?: string;
  readonly onEdit?: (y: number, x: number, value: number) => void;
  /** With onEdit: which cells are fields (default all; padding cells are not). */
  readonly editable?: (y: number, x: number) => boolean;
  readonly onCellClick?: (y: number, x: number) => void;
  /** A small note in the cell's corner (e.g. the weight a window cell meets). */
  readonly cellNote?: (y: number, x: number) => string | null;
}

export function cellSize(h: number, w: number, room = 300): number {
  return Math.max(18, Math.min(38, Math.floor(room / Math.max(h, w, 1))));
}

export function CellGrid({
  grid,
  label,
  cellClass,
  cellTitle,
  digits = 2,
  size,
  testId,
  onEdit,
  onCellClick,
  cellNote,
  editable,
}: CellGridProps) {
  const h = grid.length;
  const w = grid[0]?.length ?? 0;
  const px = size ?? cellSize(h, w);
  // The longest number decides the font, so `−0.06` fits a cell as well as `3` does (monospace: ~0.62 em each).
  let longest = 1;
  for (const row of grid) for (const v of row) longest = Math.max(longest, fmt(v, digits).length);
  const font = Math.max(8, Math.min(14, Math.floor(px * 0.4), Math.floor((px - 4) / (longest * 0.62))));
  const style = {
    gridTemplateColumns: `repeat(${w}, ${px}px)`,
    '--cell': `${px}px`,
    '--cell-font': `${font}px`,
  } as CSSProperties;
  const cells = Array.from({ length: h * w }, (_, i) => {
    const y = Math.floor(i / w);
    const x = i % w;
    const v = grid[y]?.[x] ?? 0;
    const key = `${y}:${x}`;
    const className = `cell ${cellClass?.(y, x) ?? ''}`;
    const title = cellTitle?.(y, x) ?? `row ${y + 1}, column ${x + 1}: ${fmt(v, 6)}`;
    if (onEdit !== undefined && (editable?.(y, x) ?? true))
      return (
        <CellInput
          key={key}
          value={v}
          className={className}
          title={title}
          onCommit={(n) => onEdit(y, x, n)}
        />
      );
    if (onCellClick !== undefined)
      return (
        <button
          key={key}
          type="button"
          className={className}
          title={title}
          aria-label={title}
          onClick={() => onCellClick(y, x)}
        >
          {fmt(v, digits)}
        </button>
      );
    return (
      <span key={key} className={className} title={title}>
        {fmt(v, digits)}
        {px >= 28 ? <Note text={cellNote?.(y, x) ?? null} /> : null}
      </span>
    );
  });
  return (
    <div className="cell-grid" role="group" aria-label={label} style={style} data-testid={testId}>
      {cells}
    </div>
  );
}

function Note({ text }: { text: string | null }) {
  return text === null ? null : (
    <span className="cell-note" aria-hidden="true">
      {text}
    </span>
  );
}

/** A cell as a field: the typed text is kept while it is not a number, and committed once it is. */
function CellInput({
  value,
  className,
  title,
  onCommit,
}: {
  value: number;
  className: string;
  title: string;
  onCommit: (value: number) => void;
}) {
  const [text, setText] = useState(fmt(value, 4).replace('−', '-'));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    // Changed from outside (new numbers, a reset): show it, unless the field already says that number.
    setSeen(value);
    if (Number(text) !== value) setText(fmt(value, 4).replace('−', '-'));
  }
  const valid = text.trim() !== '' && Number.isFinite(Number(text));
  return (
    <input
      type="text"
      inputMode="decimal"
      className={`${className} cell-input`}
      title={title}
      aria-label={title}
      aria-invalid={!valid}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(n)) onCommit(n);
      }}
    />
  );
}

/**
 * An explainer's output map filling in step by step: the current cell, the cells already computed and those to
 * come; or, when no window fits, the reason. The conv and pool explainers' `explainer-output`.
 */
export function OutputMap({
  grid,
  label,
  at,
  digits,
  problem,
}: {
  grid: Grid;
  label: string;
  /** The current step's output cell. */
  at: { readonly oy: number; readonly ox: number };
  digits: number;
  /** Why there is no output (the window does not fit), shown instead of an empty grid. */
  problem: string | null;
}) {
  const w = grid[0]?.length ?? 0;
  if (grid.length === 0 || w === 0)
    return (
      <p className="field-error" role="alert">
        {problem ?? 'The window does not fit.'}
      </p>
    );
  return (
    <CellGrid
      grid={grid}
      label={label}
      testId="explainer-output"
      digits={digits}
      cellClass={(y, x) =>
        y === at.oy && x === at.ox ? 'is-current' : y * w + x < at.oy * w + at.ox ? 'is-done' : 'is-todo'
      }
    />
  );
}
