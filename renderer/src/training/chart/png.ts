import type uPlot from 'uplot';
import type { SeriesStyle } from './CurveChart';
import { withAlpha, type ChartPalette } from './palette';

/**
 * The chart as a PNG: uPlot's canvas (plot and axes) under a title and a legend drawn in the same colours, on
 * the theme's background, at the canvas's device-pixel size — what the user sees, as a file for slides.
 */
export function chartPng(
  u: uPlot,
  title: string,
  series: readonly SeriesStyle[],
  palette: ChartPalette,
): Promise<Blob | null> {
  const source = u.ctx.canvas;
  const ratio = source.width / Math.max(1, u.width);
  const head = Math.round(44 * ratio);
  const canvas = document.createElement('canvas');
  canvas.width = source.width;
  canvas.height = source.height + head;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return Promise.resolve(null);
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = palette.text;
  ctx.font = `600 ${Math.round(13 * ratio)}px sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 8 * ratio, 12 * ratio);
  ctx.font = `${Math.round(11 * ratio)}px sans-serif`;
  let x = 8 * ratio;
  const y = 32 * ratio;
  for (const s of series) {
    const color = palette.series[s.color % palette.series.length] ?? '#888888';
    ctx.strokeStyle = withAlpha(color, s.alpha ?? 1);
    ctx.lineWidth = 2 * ratio;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 16 * ratio, y);
    ctx.stroke();
    x += 20 * ratio;
    ctx.fillStyle = palette.text;
    ctx.fillText(s.label, x, y);
    x += ctx.measureText(s.label).width + 14 * ratio;
  }
  ctx.drawImage(source, 0, head);
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}
