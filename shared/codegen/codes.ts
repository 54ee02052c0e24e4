import { ONNX_CODES } from './onnx/codes';

/**
 * The codes of export and import (shared/codegen, `stride export|import`), with what they mean; the rest of
 * the model core's codes are in shared/analysis/codes.ts (below codegen, so it cannot include these).
 * docs/export.md explains each in context.
 */
export const EXPORT_CODES = {
  // Import: the file is refused as a whole.
  IMPORT_NOT_JSON: 'The model file is not JSON (or is empty or truncated).',
  IMPORT_TOO_LARGE: 'The model file is over the size limits (characters or values).',
  IMPORT_TOO_DEEP: 'The model file nests deeper than the limit.',
  IMPORT_NOT_A_MODEL:
    'Not a Keras/tfjs model: no Sequential/Functional/Model, or its structure has wrong types.',
  IMPORT_BAD_LAYER: 'A layer entry is not an object with a class_name, a name and a config object.',
  IMPORT_TOO_MANY_LAYERS: 'More layers than a Stride graph may have.',
  IMPORT_SHARED_LAYER:
    'A layer called more than once (shared weights) or a layer output other than its first.',
  IMPORT_UNKNOWN_INBOUND: 'A layer takes its input from a layer not defined before it (or not at all).',
  IMPORT_MULTIPLE_INPUTS: 'More than one input layer: a Stride graph has one.',
  IMPORT_MULTIPLE_OUTPUTS: 'More than one output: a Stride graph has one.',
  IMPORT_INPUT_SHAPE: 'The input shape is not [null, H, W, C] or [null, N] with every size known.',
  IMPORT_NO_INPUT: 'The model declares no input layer or input shape.',
  IMPORT_INVALID_GRAPH: 'The imported graph fails the GraphDoc schema (a value out of range).',
  // Import: a layer left out or changed (the report; --strict refuses the file instead).
  IMPORT_UNSUPPORTED_LAYER: 'A layer class Stride has no kind for; left out, its consumers take its input.',
  IMPORT_LAMBDA_LAYER: 'A Lambda layer: Python code, which Stride never runs; left out.',
  IMPORT_NESTED_MODEL: 'A model used as a layer; left out.',
  IMPORT_UNSUPPORTED_OPTION: 'An option Stride cannot build (channels_first, groups, keepdims …); left out.',
  IMPORT_UNSUPPORTED_ACTIVATION: 'An activation Stride lacks (swish, selu …): imported as linear.',
  IMPORT_UNSUPPORTED_AXIS: 'BatchNorm/Softmax/Concatenate on an axis other than the last (channels).',
  IMPORT_BAD_VALUE: 'A layer value of the wrong type or range; the layer is left out.',
  // ONNX (shared/codegen/onnx).
  ...ONNX_CODES,
} as const;
