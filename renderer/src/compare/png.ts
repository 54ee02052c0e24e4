import { formatCompact, formatShape } from '../model/format';
import type { ChartPalette } from '../training/chart/palette';
import { accuracyPoint, entryLabel, type CompareEntry } from './entries';
import { pointText, scatterScales, SCATTER, decadeLabel } from './Scatter';
import { alignStages, stagesOf } from './stages';

/**
 * The comparison as one picture for slides: a title, accuracy against parameters (runs at their measured
 * accuracy, presets at their paper's) with every point named, and the stage-aligned structures side by side
 * (resolution, parameters and layers of each network's stage per row). Drawn with the canvas 2D API from the
 * same data and scales as the page, at twice the CSS size.
 */
const SCALE = 2;
const PAD = 24;
const COL = 230;
const LINE = 15;

export function comparisonCanvas(entries: readonly CompareEntry[], palette: ChartPalette): HTMLCanvasElement {
  const rows = alignStages(entries.map((e) => stagesOf(e.graph, e.analysis)));
  const labelW = 150;
  const tableW = labelW + entries.length * COL;
  const width = Math.max(SCATTER.width + 2 * PAD, tableW + 2 * PAD);
  const rowHeights = rows.map((r) => 22 + LINE * Math.max(1, ...r.cells.map((c) => c?.layers.length ?? 0)));
  const tableTop = PAD + 36 + SCATTER.height + 30;
  const height = tableTop + 26 + rowHeights.reduce((a, b) => a + b, 0) + PAD;
  const canvas = document.createElement('canvas');
  canvas.width = width * SCALE;
  canvas.height = height * SCALE;
  const ctx = canvas.getContext('2d');
  if (ctx === null) return canvas;
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = palette.background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = palette.text;
  ctx.textBaseline = 'alphabetic';
  ctx.font = '600 18px sans-serif';
  ctx.fillText(`Comparing ${entries.map((e) => e.name).join(', ')}`, PAD, PAD + 14, width - 2 * PAD);

  // Accuracy against parameters.
  const { size, px, py, yTicks, xTicks } = scatterScales(entries, 'params');
  const ox = PAD;
  const oy = PAD + 36;
  const M = SCATTER.margin;
  ctx.font = '11px sans-serif';
  ctx.strokeStyle = palette.grid;
  ctx.lineWidth = 1;
  for (const d of xTicks) {
    const x = ox + px(10 ** d);
    ctx.beginPath();
    ctx.moveTo(x, oy + M.top);
    ctx.lineTo(x, oy + SCATTER.height - M.bottom);
    ctx.stroke();
    ctx.fillStyle = palette.axis;
    ctx.textAlign = 'center';
    ctx.fillText(decadeLabel(d), x, oy + SCATTER.height - M.bottom + 14);
  }
  for (const t of yTicks) {
    const y = oy + py(t);
    ctx.beginPath();
    ctx.moveTo(ox + M.left, y);
    ctx.lineTo(ox + SCATTER.width - M.right, y);
    ctx.stroke();
    ctx.fillStyle = palette.axis;
    ctx.textAlign = 'right';
    ctx.fillText(`${Math.round(t * 100)}%`, ox + M.left - 6, y + 4);
  }
  ctx.textAlign = 'center';
  ctx.fillText(
    'parameters (log scale)',
    ox + (M.left + SCATTER.width - M.right) / 2,
    oy + SCATTER.height - 6,
  );
  ctx.textAlign = 'left';
  entries.forEach((e, i) => {
    const point = accuracyPoint(e);
    if (point === null) return;
    const color = palette.series[i % palette.series.length] ?? '#888888';
    const x = ox + px(size(e));
    const y = oy + py(point.accuracy);
    ctx.fillStyle = color;
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    if (point.source === 'measured') ctx.arc(x, y, 5.5, 0, Math.PI * 2);
    else {
      ctx.moveTo(x, y - 7);
      ctx.lineTo(x + 7, y);
      ctx.lineTo(x, y + 7);
      ctx.lineTo(x - 7, y);
      ctx.closePath();
    }
    if (point.published?.metric === 'top5-error') ctx.stroke();
    else ctx.fill();
    ctx.fillStyle = palette.text;
    ctx.fillText(`${e.name} · ${pointText(point)}`, x + 10, y + 4);
  });

  // Stage-aligned structures.
  let y = tableTop;
  ctx.font = '600 12px sans-serif';
  ctx.fillStyle = palette.text;
  ctx.fillText('Stage', PAD, y + 14);
  entries.forEach((e, i) => {
    ctx.fillStyle = palette.series[i % palette.series.length] ?? palette.text;
    ctx.fillRect(PAD + labelW + i * COL, y + 5, 10, 10);
    ctx.fillStyle = palette.text;
    ctx.fillText(entryLabel(e), PAD + labelW + i * COL + 14, y + 14, COL - 20);
  });
  y += 26;
  rows.forEach((row, r) => {
    ctx.strokeStyle = palette.grid;
    ctx.beginPath();
    ctx.moveTo(PAD, y);
    ctx.lineTo(PAD + tableW, y);
    ctx.stroke();
    ctx.font = '600 11px sans-serif';
    ctx.fillStyle = palette.axis;
    ctx.fillText(row.label, PAD, y + 15, labelW - 8);
    row.cells.forEach((stage, i) => {
      const x = PAD + labelW + i * COL;
      ctx.fillStyle = palette.text;
      if (stage === null) {
        ctx.font = '11px sans-serif';
        ctx.fillText('—', x, y + 15);
        return;
      }
      ctx.font = '600 11px sans-serif';
      ctx.fillText(`${stage.resolution} · ${formatCompact(stage.params)} params`, x, y + 15, COL - 10);
      ctx.font = '10.5px monospace';
      stage.layers.forEach((l, k) => {
        ctx.fillText(`${l.notation}  ${formatShape(l.outputShape)}`, x, y + 15 + LINE * (k + 1), COL - 10);
      });
    });
    y += rowHeights[r] ?? 0;
  });
  return canvas;
}

export function comparisonPng(entries: readonly CompareEntry[], palette: ChartPalette): Promise<Blob | null> {
  const canvas = comparisonCanvas(entries, palette);
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b), 'image/png'));
}
