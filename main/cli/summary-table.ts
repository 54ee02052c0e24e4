import type { GraphDoc } from '../../shared/graph/schema';
import type { Diagnostic, GraphAnalysis, Shape } from '../../shared/analysis/types';
import { kindLabel, summaryRows } from '../../shared/analysis/summary';
import { fmtInt } from '../../shared/layers/common/format';

const shapeCell = (shape: Shape | null) => (shape === null ? '?' : `(None, ${shape.join(', ')})`);

/** A Keras-style model.summary() table: Layer (type), Output Shape, Param #, Connected to. */
export function summaryTable(
  doc: GraphDoc,
  analysis: GraphAnalysis,
  rows = summaryRows(doc, analysis),
): string {
  const cells = rows.map(({ layer, inputs }) => [
    `${layer.name} (${kindLabel(layer.kind)})`,
    shapeCell(layer.outputShape),
    `${layer.params}`,
    inputs.length === 0 ? '[]' : `[${inputs.map((s) => `'${s}'`).join(', ')}]`,
  ]);
  const header = ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)) + 3);
  const line = (c: readonly string[]) => ` ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('')}`.trimEnd();
  const total = widths.reduce((a, b) => a + b, 1);
  const thin = '_'.repeat(total);
  const thick = '='.repeat(total);
  const out = [`Model: "${doc.name}"`, thin, line(header), thick];
  cells.forEach((c, i) => {
    out.push(line(c));
    out.push(i === cells.length - 1 ? thick : thin);
  });
  if (cells.length === 0) out.push(thick);
  const t = analysis.totals;
  out.push(
    `Total params: ${fmtInt(t.params)}`,
    `Trainable params: ${fmtInt(t.trainableParams)}`,
    `Non-trainable params: ${fmtInt(t.nonTrainableParams)}`,
    `MACs (one sample): ${fmtInt(t.macs)}`,
    `Activations (one sample, float32): ${fmtInt(t.activationBytes)} bytes`,
    thin,
  );
  for (const d of analysis.diagnostics) out.push(diagnosticLine(d));
  return `${out.join('\n')}\n`;
}

/** `error SHAPE_NONPOSITIVE at conv: … (fix: …)` — one line per diagnostic. */
export function diagnosticLine(d: Diagnostic): string {
  const at = d.nodeId === null ? '' : ` at ${d.nodeId}`;
  const fix = d.fix === undefined ? '' : ` Fix: ${d.fix}`;
  return `${d.severity} ${d.code}${at}: ${d.message}${fix}`.replace(/\s*\n\s*/g, ' ');
}
