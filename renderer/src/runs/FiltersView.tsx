import { useMemo, useState } from 'react';
import type { FeatureMaps, Filters, FiltersWhich } from '../../../shared/api/runs';
import { PixelCanvas } from './PixelCanvas';
import { filterToRgba, imageToRgba, mapToRgba } from './pixels';
import { plural } from '../model/format';

/** Largest |weight| of one filter [c][y][x]. */
function magnitude(filter: readonly (readonly (readonly number[])[])[]): number {
  let m = 0;
  for (const ch of filter) for (const row of ch) for (const v of row) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * The first convolution's learned filters as images: mid-grey is zero, bright positive, dark negative; colour
 * when the layer reads RGB. One scale for the whole layer shows which filters are strong; "each filter on its
 * own scale" shows the pattern of weak ones too. Under each filter, when the run's model can be read, is what
 * it makes of one test image (its feature map), so a filter's pattern and its response read together.
 */
export function FiltersView({
  filters,
  which = 'final',
  responses = null,
  classNames = [],
}: {
  filters: Filters;
  /** 'initial': as initialised, before the first batch; 'final': as trained. */
  which?: FiltersWhich;
  responses?: FeatureMaps | null;
  classNames?: readonly string[];
}) {
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
  const layer = responses?.layers.find((l) => l.nodeId === filters.nodeId) ?? responses?.layers[0] ?? null;
  const maps = useMemo(
    () => (layer === null ? [] : layer.maps.map((m) => mapToRgba(m, layer.min, layer.max))),
    [layer],
  );
  const input = useMemo(
    () => (responses === null ? null : imageToRgba(responses.image.shape, responses.image.pixels)),
    [responses],
  );
  const mapScale = layer === null ? 1 : Math.max(1, Math.floor(60 / Math.max(1, layer.shape[0])));
  return (
    <div className="filters-view">
      <p>
        <strong>{filters.layer}</strong> ({filters.nodeId}): {plural(filters.count, 'filter')} of {kh}×{kw}×
        {filters.channels}
        {filters.filters.length < filters.count ? `, the first ${filters.filters.length} shown` : ''}; weights
        from {filters.min.toFixed(3)} to {filters.max.toFixed(3)},{' '}
        {which === 'initial' ? 'as initialised, before training' : 'after training'}.
      </p>
      <label className="toggle">
        <input type="checkbox" checked={ownScale} onChange={(e) => setOwnScale(e.target.checked)} /> Each
        filter on its own scale
      </label>
      {responses !== null && input !== null ? (
        <div className="filter-input">
          <PixelCanvas
            image={input}
            scale={Math.max(1, Math.floor(60 / Math.max(1, responses.image.shape[0])))}
            label={`Test image ${responses.imageIndex}`}
          />
          <span className="muted small">
            Under each filter: its response to test image {responses.imageIndex} (class{' '}
            {classNames[responses.label] ?? responses.label}; pick another in Feature maps).
          </span>
        </div>
      ) : null}
      <ul className="filter-grid" aria-label="First-layer filters" data-testid="filters-grid">
        {images.map((img, i) => (
          <li key={i} className="filter-cell">
            <PixelCanvas
              image={img}
              scale={scale}
              label={`Filter ${i + 1}${bias?.[i] !== undefined ? `, bias ${bias[i]?.toFixed(3)}` : ''}`}
            />
            <span className="filter-index">{i + 1}</span>
            {maps[i] !== undefined ? (
              <PixelCanvas image={maps[i]} scale={mapScale} label={`Response of filter ${i + 1}`} />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
