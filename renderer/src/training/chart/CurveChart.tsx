import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useResolvedTheme } from '../../app/theme';
import { toast } from '../../store/toasts';
import { downloadBlob, safeName, saveCsv } from '../download';
import { PALETTES, withAlpha, type ChartPalette } from './palette';
import { chartPng } from './png';

/**
 * A uPlot line chart fed by a ChartSource. Streaming without stutter: the source only says "changed"; the
 * chart calls `setData` at most once per animation frame with typed-array views (no copies, no React render
 * per point). Test hooks on the plot element: `data-points` (points drawn) and, for live runs,
 * `data-last-batch-time` (the worker's Date.now() of the newest point drawn — the latency probe).
 */
export interface ChartSource {
  subscribe(listener: () => void): () => void;
  data(): uPlot.AlignedData;
  /** Worker time of the newest point (NaN when unknown). */
  lastTime?(): number;
}

export interface SeriesStyle {
  readonly label: string;
  /** Index into the palette's series colours. */
  readonly color: number;
  readonly alpha?: number;
  readonly width?: number;
  /** Sparse series (per epoch): markers, joined across the gaps. */
  readonly points?: boolean;
  readonly dash?: readonly number[];
}

export interface CurveChartProps {
  readonly label: string;
  readonly source: ChartSource;
  readonly series: readonly SeriesStyle[];
  readonly yLabel: string;
  readonly xLabel?: string;
  readonly log?: boolean;
  readonly yRange?: readonly [number, number];
  readonly testId?: string;
  /** Base of exported file names. */
  readonly fileName: string;
  readonly csv?: () => string;
}

const fmt = (v: number | null | undefined, digits = 4): string =>
  v === null || v === undefined || Number.isNaN(v) ? '—' : Number(v.toPrecision(digits)).toString();

function options(
  p: CurveChartProps,
  palette: ChartPalette,
  size: { width: number; height: number },
): uPlot.Options {
  const axis = {
    stroke: palette.axis,
    grid: { stroke: palette.grid, width: 1 },
    ticks: { stroke: palette.grid, width: 1 },
  };
  const y: uPlot.Scale =
    p.log === true ? { distr: 3 } : p.yRange !== undefined ? { range: [p.yRange[0], p.yRange[1]] } : {};
  return {
    ...size,
    scales: { x: { time: false }, y },
    axes: [
      { ...axis, label: p.xLabel ?? 'epoch', labelSize: 18, size: 36 },
      { ...axis, label: p.yLabel, labelSize: 18, size: 52 },
    ],
    series: [
      { label: p.xLabel ?? 'epoch', value: (_u, v) => fmt(v, 3) },
      ...p.series.map((s) => {
        const color = palette.series[s.color % palette.series.length] ?? '#888888';
        return {
          label: s.label,
          stroke: withAlpha(color, s.alpha ?? 1),
          width: s.width ?? 1.5,
          spanGaps: s.points === true,
          points: { show: s.points === true, size: 6, fill: color },
          ...(s.dash === undefined ? {} : { dash: [...s.dash] }),
          value: (_u: uPlot, v: number | null) => fmt(v),
        };
      }),
    ],
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false } },
  };
}

export function CurveChart(props: CurveChartProps) {
  const { label, source, testId, fileName, csv } = props;
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useResolvedTheme();
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  // Rebuilt only when what the canvas cannot change in place changes (scale kind, series, theme).
  const seriesKey = props.series.map((s) => `${s.label}/${s.color}`).join('|');
  const { log, yRange } = props;
  const range = yRange === undefined ? '' : yRange.join(',');
  useEffect(() => {
    const el = host.current;
    if (el === null) return;
    const palette = PALETTES[theme];
    const sizeOf = (legend: number) => ({
      width: Math.max(120, el.clientWidth),
      height: Math.max(80, el.clientHeight - legend),
    });
    const mark = (self: uPlot) => {
      el.dataset.points = String(self.data[0]?.length ?? 0);
      const t = source.lastTime?.();
      if (t !== undefined && !Number.isNaN(t)) el.dataset.lastBatchTime = String(t);
    };
    const opts = { ...options(latest.current, palette, sizeOf(28)), hooks: { draw: [mark] } };
    const u = new uPlot(opts, source.data(), el);
    plot.current = u;
    const legendHeight = () => u.root.querySelector<HTMLElement>('.u-legend')?.offsetHeight ?? 0;
    mark(u);
    u.setSize(sizeOf(legendHeight()));
    let frame = 0;
    const unsubscribe = source.subscribe(() => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        u.setData(source.data());
      });
    });
    const resize = new ResizeObserver(() => u.setSize(sizeOf(legendHeight())));
    resize.observe(el);
    return () => {
      unsubscribe();
      if (frame !== 0) cancelAnimationFrame(frame);
      resize.disconnect();
      plot.current = null;
      u.destroy();
    };
  }, [source, theme, seriesKey, log, range]);

  const exportPng = async () => {
    const u = plot.current;
    if (u === null) return;
    const blob = await chartPng(u, label, latest.current.series, PALETTES[theme]);
    if (blob === null) toast.error('The chart could not be turned into an image.', 'CHART_EXPORT_FAILED');
    else downloadBlob(blob, `${safeName(fileName)}.png`);
  };

  return (
    <figure className="curve-chart">
      <figcaption className="curve-chart-head">
        <span className="curve-chart-title">{label}</span>
        <span className="button-row">
          <button
            type="button"
            className="small-button"
            onClick={() => void exportPng()}
            aria-label={`Export ${label} as PNG`}
          >
            PNG
          </button>
          {csv !== undefined ? (
            <button
              type="button"
              className="small-button"
              onClick={() => void saveCsv(csv(), `${safeName(fileName)}.csv`)}
              aria-label={`Export ${label} as CSV`}
            >
              CSV
            </button>
          ) : null}
        </span>
      </figcaption>
      <div className="curve-plot" ref={host} data-testid={testId} role="group" aria-label={label} />
    </figure>
  );
}
