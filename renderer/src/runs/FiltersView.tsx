import { useMemo, useState } from 'react';
import type { Filters } from '../../../shared/api/runs';
import { PixelCanvas } from './PixelCanvas';
import { filterToRgba } from './pixels';

/** Largest |weight| of one filter [c][y][x]. */
function magnitude(filter: readonly (readonly (readonly number[])[])[]): number {
  let m = 0;
  for (const ch of filter) for (const row of ch) for (const v of row) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * The first convolution's learned filters as images: mid-grey is zero, bright positive, dark negative; colour
 * when the layer reads RGB. One scale for the whole layer shows which filters are strong; "each filter on its
 * own scale" shows the pattern of weak ones too.
 */
export function FiltersView({ filters }: { filters: Filters }) {
  const [ownScale, setOwnScale] = useState(false);
  const [kh, kw] = filters.kernel;
  const scale = Math.min(24, Math.max(3, Math.floor(66 / Math.max(kh, kw))));
  const images = useMemo(
    () =>
      filters.filters.map((f) => {
        const m = magnitude(f);
        return ownScale ? filterToRgba(f, -m, m) : filterToRgba(f, filters.min, filters.max);
      }),
    [filters, ownScale],
  );
  const bias = filters.bias;
  return (
    <div className="filters-view">
      <p>
        <strong>{filters.layer}</strong> ({filters.nodeId}): {filters.count} filters of {kh}×{kw}×
        {filters.channels}
        {filters.filters.length < filters.count ? `, the first ${filters.filters.length} shown` : ''}; weights
        from {filters.min.toFixed(3)} to {filters.max.toFixed(3)}, after training.
      </p>
      <label className="toggle">
        <input type="checkbox" checked={ownScale} onChange={(e) => setOwnScale(e.target.checked)} /> Each
        filter on its own scale
      </label>
      <ul className="filter-grid" aria-label="First-layer filters" data-testid="filters-grid">
        {images.map((img, i) => (
          <li key={i} className="filter-cell">
            <PixelCanvas
              image={img}
              scale={scale}
              label={`Filter ${i + 1}${bias?.[i] !== undefined ? `, bias ${bias[i]?.toFixed(3)}` : ''}`}
            />
            <span className="filter-index">{i + 1}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
