import type { GraphAnalysis, NodeAnalysis, Shape } from '../analysis/types';
import { fmtInt, shapeText } from '../layers/common/format';

/**
 * Predict mode ("think about the parameter count and feature-map size"): the student types, for each layer of
 * any network, its output shape and parameter count; this grades them against the analysis and, where an answer
 * is wrong, gives the formula worked out with the layer's own numbers. Answers are forgiving about notation
 * (`14×14×32`, `14x14x32`, `(None, 14, 14, 32)`, `18,496`) and strict about the numbers.
 */
export interface Prediction {
  readonly shape?: string;
  readonly params?: string;
}

export type Grade = 'right' | 'wrong' | 'blank' | 'unreadable';

export interface NodeGrade {
  readonly nodeId: string;
  readonly expectedShape: Shape;
  readonly expectedParams: number;
  readonly shape: Grade;
  readonly params: Grade;
  /** How the output shape is computed, with the numbers (shown where the shape answer is wrong). */
  readonly shapeWork: readonly string[];
  /** How the parameter count is computed (shown where the count is wrong). */
  readonly paramsWork: readonly string[];
}

export interface Score {
  readonly right: number;
  /** Answers asked for: two per graded layer. */
  readonly total: number;
  readonly answered: number;
}

/** `14×14×32`, `14 x 14 x 32`, `[14, 14, 32]`, `(None, 14, 14, 32)` → [14, 14, 32]; null when unreadable. */
export function parseShape(text: string): number[] | null {
  const cleaned = text
    .trim()
    .replace(/^[([]\s*/, '')
    .replace(/\s*[)\]]$/, '')
    .replace(/^(none|\?|n)\s*[,×x*]\s*/i, '');
  if (cleaned === '') return null;
  const parts = cleaned.split(/\s*[×xX*,]\s*|\s+/).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** `18,496`, `18 496`, `18496` → 18496; null when unreadable. */
export function parseCount(text: string): number | null {
  const cleaned = text.trim().replace(/[,\s_']/g, '');
  return /^\d+$/.test(cleaned) ? Number(cleaned) : null;
}

/** The layers a student predicts: every analysed node with a known output, except the Input (given). */
export function predictable(analysis: GraphAnalysis): readonly NodeAnalysis[] {
  return analysis.order
    .map((id) => analysis.nodes.get(id))
    .filter((a): a is NodeAnalysis => a !== undefined && a.kind !== 'input' && a.outputShape !== null);
}

const sameShape = (a: readonly number[], b: Shape) => a.length === b.length && a.every((v, i) => v === b[i]);

function gradeShape(text: string | undefined, expected: Shape): Grade {
  if (text === undefined || text.trim() === '') return 'blank';
  const parsed = parseShape(text);
  if (parsed === null) return 'unreadable';
  return sameShape(parsed, expected) ? 'right' : 'wrong';
}

function gradeCount(text: string | undefined, expected: number): Grade {
  if (text === undefined || text.trim() === '') return 'blank';
  const parsed = parseCount(text);
  if (parsed === null) return 'unreadable';
  return parsed === expected ? 'right' : 'wrong';
}

const SAME_SHAPE_KINDS = new Set(['activation', 'softmax', 'dropout', 'batchnorm', 'lrn']);

function shapeWork(a: NodeAnalysis): string[] {
  const input = a.inputShapes[0] ?? null;
  const out = shapeText(a.outputShape);
  const windowLines = a.formulas.filter((f) => /^(H|W|FH_eff|FW_eff|C|N|channels|filter): /.test(f));
  if (windowLines.length > 0) {
    const depth = a.kind === 'conv2d' ? [`channels: ${a.outputShape?.[2] ?? '?'} (one per filter)`] : [];
    return [...windowLines.filter((f) => !f.startsWith('filter:')), ...depth, `output: ${out}`];
  }
  if (a.kind === 'flatten' || a.kind === 'globalavgpool' || a.kind === 'globalmaxpool' || a.kind === 'add')
    return [...a.formulas, `output: ${out}`];
  if (a.kind === 'dense') return [`one value per unit: ${out}`];
  if (SAME_SHAPE_KINDS.has(a.kind)) return [`the same shape as its input: ${shapeText(input)}`];
  if (a.parts !== undefined && a.parts.length > 0) {
    const last = a.parts[a.parts.length - 1];
    return [
      `${a.parts.length} parts; the last, ${last?.nodeId ?? '?'}, gives ${out}`,
      ...(last?.formulas ?? []),
    ];
  }
  return [`input ${shapeText(input)} → output ${out}`];
}

function paramsWork(a: NodeAnalysis): string[] {
  const formula = a.formulas.find((f) => f.startsWith('params:'));
  if (formula !== undefined) return [formula];
  if (a.parts !== undefined && a.parts.length > 0) {
    const counted = a.parts.filter((p) => p.params.total > 0);
    return [
      `the sum of its parts: ${counted.map((p) => fmtInt(p.params.total)).join(' + ') || '0'} = ${fmtInt(a.params.total)}`,
    ];
  }
  if (a.params.total === 0) return ['no weights: 0 (it only rearranges or selects values)'];
  return [`params: ${fmtInt(a.params.total)}`];
}

export function gradePredictions(
  analysis: GraphAnalysis,
  predictions: Readonly<Record<string, Prediction>>,
): { readonly nodes: readonly NodeGrade[]; readonly score: Score } {
  const nodes = predictable(analysis).map((a): NodeGrade => {
    const p = predictions[a.nodeId] ?? {};
    const expectedShape = a.outputShape ?? [];
    return {
      nodeId: a.nodeId,
      expectedShape,
      expectedParams: a.params.total,
      shape: gradeShape(p.shape, expectedShape),
      params: gradeCount(p.params, a.params.total),
      shapeWork: shapeWork(a),
      paramsWork: paramsWork(a),
    };
  });
  const grades = nodes.flatMap((n) => [n.shape, n.params]);
  return {
    nodes,
    score: {
      right: grades.filter((g) => g === 'right').length,
      total: grades.length,
      answered: grades.filter((g) => g !== 'blank').length,
    },
  };
}
