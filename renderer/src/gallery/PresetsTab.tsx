import { newDocument, openPreset } from '../commands/file';
import { presetDoc, presetList } from '../model/core';
import { GraphPreview } from './GraphPreview';
import { formatCompact } from '../model/format';
import { presetStats } from './presetStats';

/** The gallery: a blank network and every preset, each card with a picture drawn from its graph. */
export function PresetsTab({ autofocus = true }: { autofocus?: boolean }) {
  return (
    <ul className="preset-grid" aria-label="Presets">
      <li>
        <button
          type="button"
          className="preset-card preset-blank"
          onClick={() => newDocument()}
          data-autofocus={autofocus ? true : undefined}
        >
          <span className="preset-name">Blank network</span>
          <span className="preset-description">One 28×28×1 input; add layers from the palette.</span>
        </button>
      </li>
      {presetList().map((p) => {
        const stats = presetStats(p.id);
        const doc = presetDoc(p.id);
        return (
          <li key={p.id}>
            <button
              type="button"
              className="preset-card"
              onClick={() => openPreset(p.id)}
              aria-label={`Open preset ${p.name}`}
            >
              {doc !== undefined ? <GraphPreview doc={doc} /> : null}
              <span className="preset-name">
                {p.name}
                {p.year !== undefined ? <span className="preset-year">{p.year}</span> : null}
              </span>
              {stats !== null ? (
                <span className="preset-stats mono">
                  {formatCompact(stats.params)} params · {formatCompact(stats.macs)} MACs
                </span>
              ) : null}
              {p.shapeAnalysisOnly !== undefined ? (
                <span className="preset-analysis-only" title={p.shapeAnalysisOnly}>
                  Shape analysis only — {p.shapeAnalysisOnly}
                </span>
              ) : null}
              <span className="preset-description">{p.description}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
