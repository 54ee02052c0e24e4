import type { GraphAnalysis } from '../../../shared/analysis/types';
import type { ImageShape } from '../../../shared/datasets/fit';
import { checkDatasetFit, unsupportedForTraining, withFix } from '../model/core';
import type { DatasetKind, FormErrors } from './config';
import { TrainingErrorCode } from '../../../shared/api/training';
import { NOT_CONNECTED } from '../backend/api';
import { plural } from '../model/format';

/**
 * Why Start is disabled, checked before anything reaches the host: the graph's errors (as the Problems tab
 * lists them), a layer setting tfjs cannot train (BatchNorm without center or scale), a built-in dataset that does not fit the input or the output, an invalid form field, no back
 * end. (A run already training disables Start by itself.) The host checks all of it again, and dataset
 * folders, which only it can read.
 */
/** The form has an invalid field (the host would refuse the config with API_BAD_REQUEST). */
export const CONFIG_INVALID = 'TRAINING_CONFIG_INVALID';

export interface Blocker {
  readonly code: string;
  readonly message: string;
  readonly nodeId: string | null;
  /** Where the user fixes it. */
  readonly where: 'problems' | 'graph' | 'form' | 'host';
}

export const BUILT_IN_CLASSES: Readonly<Record<'mnist' | 'shapes', number>> = { mnist: 10, shapes: 4 };

/** The images a built-in dataset gives this graph (shapes are drawn at the input's size), or null for a path. */
export function builtInShape(kind: DatasetKind, input: readonly number[] | null): ImageShape | null {
  if (kind === 'mnist') return [28, 28, 1];
  if (kind === 'shapes') {
    const [h = 28, , c = 1] = input ?? [];
    return [h, h, c === 3 ? 3 : 1];
  }
  return null;
}

export function inputShapeOf(analysis: GraphAnalysis): readonly number[] | null {
  const id = analysis.expanded.input;
  return id === null ? null : (analysis.primitives.get(id)?.outputShape ?? null);
}

/** Units of the output when it is a vector (what must equal the number of classes). */
export function outputUnitsOf(analysis: GraphAnalysis): number | null {
  const shape = analysis.output === null ? null : (analysis.nodes.get(analysis.output)?.outputShape ?? null);
  return shape !== null && shape.length === 1 ? (shape[0] ?? null) : null;
}

export interface StartContext {
  readonly analysis: GraphAnalysis;
  readonly datasetKind: DatasetKind;
  readonly formErrors: FormErrors;
  readonly connected: boolean;
}

export function startBlockers(ctx: StartContext): Blocker[] {
  const out: Blocker[] = [];
  if (!ctx.connected)
    out.push({
      code: NOT_CONNECTED,
      message: 'Training needs the Stride host (back end not connected).',
      nodeId: null,
      where: 'host',
    });
  const errors = ctx.analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const first = errors[0];
    out.push({
      code: TrainingErrorCode.graphHasErrors,
      message: `The graph has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}: ${first?.message ?? ''}`,
      nodeId: first?.nodeId ?? null,
      where: 'problems',
    });
  } else {
    for (const d of unsupportedForTraining(ctx.analysis))
      out.push({ code: d.code, message: withFix(d), nodeId: d.nodeId, where: 'graph' });
  }
  if (errors.length === 0 && ctx.datasetKind !== 'path') {
    const input = inputShapeOf(ctx.analysis);
    const shape = builtInShape(ctx.datasetKind, input);
    if (input !== null && shape !== null) {
      const misfit = checkDatasetFit(input, shape, ctx.analysis.expanded.input);
      if (misfit !== null)
        out.push({
          code: misfit.code,
          message: `${misfit.message}${misfit.fix !== undefined ? ` Fix: ${misfit.fix}.` : ''}`,
          nodeId: misfit.nodeId,
          where: 'graph',
        });
    }
    const classes = BUILT_IN_CLASSES[ctx.datasetKind];
    const units = outputUnitsOf(ctx.analysis);
    if (units !== classes)
      out.push({
        code: TrainingErrorCode.outputMismatch,
        message: `${ctx.datasetKind === 'mnist' ? 'MNIST' : 'Shapes'} has ${classes} classes but the graph ends in ${units === null ? 'no vector output' : plural(units, 'output')}: end it with a Dense layer of ${classes} units.`,
        nodeId: ctx.analysis.output,
        where: 'graph',
      });
  }
  const fields = Object.values(ctx.formErrors);
  if (fields.length > 0)
    out.push({
      code: CONFIG_INVALID,
      message: `Fix the highlighted setting${fields.length > 1 ? 's' : ''}: ${fields[0] ?? ''}`,
      nodeId: null,
      where: 'form',
    });
  return out;
}
