import { useResolvedTheme } from '../app/theme';
import { formatCompact } from '../model/format';
import { PALETTES } from '../training/chart/palette';
import { formatPercent } from '../training/progress';
import { accuracyPoint, entryLabel, type AccuracyPoint, type CompareEntry } from './entries';

export const SCATTER = { width: 470, height: 300, margin: { left: 48, right: 96, top: 14, bottom: 42 } };

/** Log-scale domain in whole decades around the values (one decade either side of a single value). */
export function decades(values: readonly number[]): [number, number] {
  const logs = values.filter((v) => v > 0).map((v) => Math.log10(v));
  if (logs.length === 0) return [0, 1];
  const lo = Math.floor(Math.min(...logs));
  const hi = Math.ceil(Math.max(...logs));
  return hi > lo ? [lo, hi] : [lo - 1, hi + 1];
}

const PREFIXES = ['', 'k', 'M', 'G', 'T'];

/** A power of ten as an axis label: 3 → "1k", 7 → "10M". */
export function decadeLabel(d: number): string {
  if (d < 0) return String(10 ** d);
  const p = Math.min(PREFIXES.length - 1, Math.floor(d / 3));
  return `${10 ** (d - 3 * p)}${PREFIXES[p] ?? ''}`;
}

/** "95.00% measured", "75.60% top-1 (paper)", "92.11% top-5 (paper)". */
export function pointText(p: AccuracyPoint | null): string {
  if (p === null) return 'not evaluated';
  if (p.source === 'measured') return `${formatPercent(p.accuracy)} measured`;
  const which =
    p.published?.metric === 'top5-error' ? 'top-5' : p.published?.metric === 'top1-error' ? 'top-1' : '';
  return `${formatPercent(p.accuracy)}${which !== '' ? ` ${which}` : ''} (paper, ${p.published?.result.dataset ?? ''})`;
}

/** Plot geometry shared by the SVG and the PNG export: x log-scale over sizes, y over accuracies. */
export function scatterScales(entries: readonly CompareEntry[], by: 'params' | 'macs') {
  const { width: W, height: H, margin: M } = SCATTER;
  const size = (e: CompareEntry) => (by === 'params' ? e.analysis.totals.params : e.analysis.totals.macs);
  const [lo, hi] = decades(entries.map(size));
  const accs = entries.map(accuracyPoint).flatMap((p) => (p === null ? [] : [p.accuracy]));
  const yMin = accs.length === 0 ? 0 : Math.max(0, Math.floor((Math.min(...accs) - 0.05) * 10) / 10);
  const px = (v: number) =>
    M.left + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * (W - M.left - M.right);
  const py = (a: number) => M.top + (1 - (a - yMin) / Math.max(1e-9, 1 - yMin)) * (H - M.top - M.bottom);
  const yTicks = Array.from({ length: 6 }, (_, i) => yMin + ((1 - yMin) * i) / 5);
  const xTicks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return { size, px, py, yTicks, xTicks, what: by === 'params' ? 'parameters' : 'MACs per image' };
}

/**
 * Accuracy against size (parameters or MACs), x on a log scale: what a bigger network bought. Trained runs are
 * filled dots at their measured accuracy; presets are diamonds at their paper's result (top-1, or a hollow
 * diamond where the paper gives only top-5); each point is named beside it, for slides.
 */
export function Scatter({ entries, by }: { entries: readonly CompareEntry[]; by: 'params' | 'macs' }) {
  const palette = PALETTES[useResolvedTheme()];
  const { width: W, height: H, margin: M } = SCATTER;
  const { size, px, py, yTicks, xTicks, what } = scatterScales(entries, by);
  const described = entries
    .map((e) => `${entryLabel(e)}: ${formatCompact(size(e))} ${what}, ${pointText(accuracyPoint(e))}`)
    .join('; ');
  return (
    <figure className="scatter">
      <figcaption>Accuracy vs {what}</figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label={`Accuracy vs ${what}. ${described}`}
        data-testid={`scatter-${by}`}
      >
        {xTicks.map((d) => (
          <g key={d}>
            <line x1={px(10 ** d)} x2={px(10 ** d)} y1={M.top} y2={H - M.bottom} className="scatter-grid" />
            <text x={px(10 ** d)} y={H - M.bottom + 14} textAnchor="middle" className="scatter-tick">
              {decadeLabel(d)}
            </text>
          </g>
        ))}
        {yTicks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={py(t)} y2={py(t)} className="scatter-grid" />
            <text x={M.left - 6} y={py(t) + 4} textAnchor="end" className="scatter-tick">
              {Math.round(t * 100)}%
            </text>
          </g>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle" className="scatter-axis">
          {what} (log scale)
        </text>
        {entries.map((e, i) => {
          const color = palette.series[i % palette.series.length] ?? '#888';
          const point = accuracyPoint(e);
          const x = px(size(e));
          const title = `${entryLabel(e)}: ${formatCompact(size(e))} ${what}, ${pointText(point)}`;
          if (point === null)
            return (
              <path
                key={e.key}
                d={`M ${x} ${H - M.bottom - 2} l -5 -9 l 10 0 z`}
                fill="none"
                stroke={color}
                strokeWidth={1.5}
              >
                <title>{title}</title>
              </path>
            );
          const y = py(point.accuracy);
          const hollow = point.published?.metric === 'top5-error';
          return (
            <g key={e.key} data-entry={e.key}>
              {point.source === 'measured' ? (
                <circle cx={x} cy={y} r={5.5} fill={color} stroke={palette.background} strokeWidth={1}>
                  <title>{title}</title>
                </circle>
              ) : (
                <path
                  d={`M ${x} ${y - 7} l 7 7 l -7 7 l -7 -7 z`}
                  fill={hollow ? palette.background : color}
                  stroke={color}
                  strokeWidth={2}
                >
                  <title>{title}</title>
                </path>
              )}
              <text x={x + 9} y={y + 4} className="scatter-point-label">
                {e.name}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
