/**
 * The codes of ONNX export and import (shared/codegen/onnx, `stride export --format onnx`, `stride import
 * x.onnx`), part of the model core's one table through shared/codegen/codes.ts. docs/export.md explains them.
 */
export const ONNX_CODES = {
  // Export.
  ONNX_EXPORT_WEIGHTS:
    'The weights given for the ONNX export do not fit the graph: a layer weight is missing, has another shape, or is not in the graph.',
  ONNX_WEIGHTS_FILE:
    'The weights given for the ONNX export (a tfjs model.json and its shards) cannot be read: missing, malformed or not float32.',
  ONNX_EXPORT_TOO_LARGE: 'The ONNX file would pass protobuf’s 2 GiB limit.',
  // Import: the file as a whole.
  ONNX_NOT_A_MODEL: 'Not an ONNX model: the bytes are not a ModelProto with a graph (or are truncated).',
  ONNX_OPSET: 'An ONNX opset older than 9, or an operator domain other than the standard one.',
  ONNX_INPUT: 'Not one graph input of shape [N, C, H, W] or [N, F] with C, H, W, F known.',
  ONNX_OUTPUT: 'Not one graph output.',
  // Import: a node Stride cannot represent exactly (each one is listed; nothing is imported).
  ONNX_UNSUPPORTED_OP: 'An operator Stride has no layer for.',
  ONNX_UNSUPPORTED_ATTRIBUTE: 'An attribute value a Stride layer cannot reproduce (ceil_mode, alpha ≠ 1 …).',
  ONNX_NOT_CONSTANT: 'A weight, shape or padding input that is not an initializer or a Constant.',
  ONNX_UNSUPPORTED_SHAPE: 'An operator on a tensor of a rank or layout Stride layers do not take.',
  ONNX_COUNT_MISMATCH: 'A layer’s parameter count differs from the ONNX initializers it came from.',
} as const;
