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
  IMPORT_GRAPH_MODEL:
    'A tfjs graph model (TensorFlow operations, no layers): convert the Keras model as a layers model, or use ONNX.',
  IMPORT_NESTED_MODEL:
    'A model used as a layer that cannot be opened into the graph (several inputs or outputs).',
  IMPORT_NOT_FAITHFUL:
    'The file cannot be represented exactly (the layers named with their codes); --lenient imports an approximation.',
  IMPORT_PARAM_MISMATCH:
    "A layer's parameter count differs from its weight specs in the file's manifest (both counts given).",
  IMPORT_KERAS_BINARY:
    'A Keras .h5/.keras file: Stride reads no HDF5; convert it with tensorflowjs_converter and import model.json.',
  IMPORT_WEIGHTS_FILE:
    "The weight shards beside model.json are missing or short, or a weight's shape is not the one its layer needs.",
  // Import: why a layer cannot be represented (each names the layer; refused, or left out with --lenient).
  IMPORT_UNSUPPORTED_LAYER: 'A layer class Stride has no kind for; left out, its consumers take its input.',
  IMPORT_LAMBDA_LAYER: 'A Lambda layer: Python code, which Stride never runs; left out.',
  IMPORT_UNSUPPORTED_OPTION: 'An option Stride cannot build (channels_first, groups, keepdims …); left out.',
  IMPORT_UNSUPPORTED_ACTIVATION: 'An activation Stride lacks (swish, selu …): imported as linear.',
  IMPORT_UNSUPPORTED_AXIS: 'BatchNorm/Softmax/Concatenate on an axis other than the last (channels).',
  IMPORT_BAD_VALUE: 'A layer value of the wrong type or range; the layer is left out.',
  // ONNX (shared/codegen/onnx).
  ...ONNX_CODES,
} as const;
