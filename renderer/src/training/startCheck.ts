import type { GraphAnalysis } from '../../../shared/analysis/types';
import type { FitSuggestion, ImageShape } from '../../../shared/datasets/fit';
import type { InputTransform } from '../../../shared/datasets/transform';
import type { GraphDoc } from '../../../shared/graph/schema';
import {
  analyzeDoc,
  BUILT_IN_INFO,
  builtInImageShape,
  checkDatasetFit,
  setInputShape,
  transformedShape,
  unsupportedForTraining,
  withFix,
} from '../model/core';
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
  /** One-click fixes (a dataset that does not fit: transform the images, or set the Input node). */
  readonly suggestions?: readonly FitSuggestion[];
}

export const BUILT_IN_CLASSES: Readonly<Record<Exclude<DatasetKind, 'path'>, number>> = {
  mnist: BUILT_IN_INFO.mnist.classes,
  'mnist-10k': BUILT_IN_INFO['mnist-10k'].classes,
  shapes: BUILT_IN_INFO.shapes.classes,
};

/** The images a built-in dataset gives this graph (shapes are drawn at the input's size), or null for a path. */
export function builtInShape(kind: DatasetKind, input: readonly number[] | null): ImageShape | null {
  return kind === 'path' ? null : builtInImageShape(kind, input);
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
  /** The graph analysed, to check whether setting its Input to the dataset's shape would leave it working. */
  readonly doc?: GraphDoc;
  readonly datasetKind: DatasetKind;
  /** The form's input transform (parsed), applied to the dataset's images before they are compared. */
  readonly transform?: InputTransform | undefined;
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
    const stored = builtInShape(ctx.datasetKind, input);
    if (input !== null && stored !== null) {
      const doc = ctx.doc;
      const options = doc === undefined ? {} : { inputWorks: (shape: ImageShape) => inputWorks(doc, shape) };
      const node = ctx.analysis.expanded.input;
      const misfit = checkDatasetFit(input, transformedShape(stored, ctx.transform), node, options);
      if (misfit !== null) {
        // The fixes start from the stored images: a transform fix replaces the form's transform (and when the
        // images fit as they are, the fix is to drop it).
        const fromStored = checkDatasetFit(input, stored, node, options);
        const fix = fromStored === null ? 'clear the input transform' : fromStored.fix;
        out.push({
          code: misfit.code,
          message: `${misfit.message}${fix !== undefined ? ` Fix: ${fix}.` : ''}`,
          nodeId: misfit.nodeId,
          where: 'graph',
          suggestions: fromStored?.suggestions ?? [{ action: 'transform', transform: {}, shape: stored }],
        });
      }
    }
    const classes = BUILT_IN_CLASSES[ctx.datasetKind];
    const units = outputUnitsOf(ctx.analysis);
    if (units !== classes)
      out.push({
        code: TrainingErrorCode.outputMismatch,
        message: `${BUILT_IN_INFO[ctx.datasetKind].short} has ${classes} classes but the graph ends in ${units === null ? 'no vector output' : plural(units, 'output')}: end it with a Dense layer of ${classes} units.`,
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

/** Whether the graph still analyses without errors with its Input set to `shape`. */
function inputWorks(doc: GraphDoc, shape: ImageShape): boolean {
  const changed = setInputShape(doc, shape);
  return changed !== null && analyzeDoc(changed).ok;
}
