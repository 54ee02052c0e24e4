/**
 * Every diagnostic and load-error code of the model core below codegen, with what it means (errors are data; a
 * code never changes meaning once released). Export and import add theirs in shared/codegen/codes.ts, above
 * this folder; test/shared/analysis/codes.test.ts checks that the two tables cover every code emitted.
 */
export const DIAGNOSTIC_CODES = {
  // Loading (parseGraphDoc, parseModelText, the CLI): the document cannot be opened as a graph.
  GRAPH_NOT_JSON: 'The text is not JSON (or is empty or truncated).',
  GRAPH_INVALID: 'The JSON is not a GraphDoc: a field is missing or has the wrong type.',
  GRAPH_FUTURE_VERSION: 'Saved by a newer Stride: its format version is above the one this build reads.',
  GRAPH_TOO_LARGE:
    'Over the size limits: bytes, nodes, edges or values of the file; or primitive layers (blocks expanded, counted before expanding) or parameters of the network.',
  GRAPH_TOO_DEEP: 'Nested deeper than the limit (JSON nesting or block bodies).',
  GRAPH_UNKNOWN_KIND: 'A node names a layer kind the catalog does not have.',
  PROJECT_INVALID: 'Not a Stride project file.',
  PROJECT_FUTURE_VERSION: 'A project saved by a newer Stride.',
  // Topology (Keras map_graph, by name).
  GRAPH_EMPTY: 'The graph has no nodes.',
  GRAPH_NO_INPUT: 'The graph has no Input layer.',
  GRAPH_MULTIPLE_INPUTS: 'A second Input: Stride trains networks with one input.',
  GRAPH_CYCLE: 'A loop of wires; the diagnostic names a node on the cycle and the cycle itself.',
  GRAPH_DISCONNECTED: 'A node with no wires at all.',
  GRAPH_MULTIPLE_OUTPUTS: 'A branch that leads nowhere besides the network output.',
  NODE_DUPLICATE_ID: 'Two nodes share an id.',
  EDGE_DUPLICATE_ID: 'Two edges share an id.',
  EDGE_UNKNOWN_NODE: 'An edge names a node that does not exist.',
  EDGE_INTO_INPUT: 'A wire into an Input layer.',
  NODE_MISSING_INPUT: 'A layer without its input (a merge with fewer than two).',
  NODE_TOO_MANY_INPUTS: 'Several wires into a single-input layer.',
  NODE_UNKNOWN_KIND: 'A node of a kind the catalog does not have (in-memory documents).',
  // Layers.
  PARAM_INVALID: "A parameter fails its kind's validation (kernel 0, an unknown key, an even LRN size …).",
  SHAPE_NONPOSITIVE: 'The window does not fit: an output dimension ≤ 0; with the worked formula and a fix.',
  SHAPE_NOT_EXACT: '(N + 2P − K)/S is not whole: floor drops the last rows/columns; which ones, and fixes.',
  SHAPE_NEEDS_IMAGE: 'A spatial layer (conv, pooling, LRN) receives a vector.',
  DENSE_NEEDS_FLATTEN: 'Dense on an image: add Flatten or a global pooling first.',
  CONV_STRIDE_AND_DILATION: 'Stride and dilation both above 1 (TensorFlow cannot build it).',
  CONVT_OUTPUT_PADDING_TOO_LARGE:
    'Conv2DTranspose output padding not below max(stride, dilation), which PyTorch requires.',
  CONVT_OUTPUT_PADDING_MODE:
    "Conv2DTranspose output padding with 'valid'/'same', which fix the output size themselves.",
  CONV_GROUPS_INDIVISIBLE:
    'Grouped convolution: the groups do not divide the input channels or the filters; with the numbers.',
  MERGE_SHAPE_MISMATCH: 'Add over different shapes; suggests the projection shortcut.',
  MERGE_SPATIAL_MISMATCH: 'Concatenate over different H×W.',
  MERGE_RANK_MISMATCH: 'Concatenate of images with vectors.',
  RESHAPE_SIZE_MISMATCH:
    "Reshape's target holds another number of elements than its input (or −1 would not be whole); with both counts.",
  RESHAPE_MULTIPLE_UNKNOWN: 'Reshape with more than one size of −1 (only one can be inferred).',
  POOL_CEIL_MODE_SAME: "Ceil mode (PyTorch) with 'same' padding, which already rounds up.",
  MULTIPLY_SHAPE_MISMATCH: 'Multiply over shapes that are neither equal nor a 1×1×C scale of an H×W×C input.',
  TENSOR_TOO_LARGE: 'An activation with more than 2³¹ − 1 values per sample.',
  BLOCK_BODY_INVALID:
    'An edited block body that is not a single-input, single-output graph (or fails inside).',
  BLOCK_NOT_FOUND: "A user block (group) names a block the document's library does not have.",
  BLOCK_RECURSIVE: 'A user block whose definition contains itself (directly or through other blocks).',
  // Graph edits (canConnect) and compilation.
  EDGE_CREATES_CYCLE: 'The wire would close a loop.',
  EDGE_DUPLICATE: 'The same two nodes are already wired.',
  GROUP_SELECTION_EMPTY: 'Group: nothing selected.',
  GROUP_HAS_INPUT: 'Group: the selection holds an Input layer (a block takes its input from a wire).',
  GROUP_NO_ENTRY: 'Group: no wire enters the selection, so the block would have no input.',
  GROUP_MULTIPLE_ENTRIES:
    'Group: wires enter the selection from more than one layer (a block has one input).',
  GROUP_MULTIPLE_EXITS:
    'Group: the selection gives its result from more than one layer (a block has one output).',
  GROUP_CREATES_CYCLE:
    'Group: the layer feeding the selection also depends on it; grouping would close a loop.',
  BLOCK_IN_USE: 'A library block cannot be removed while group nodes still use it.',
  GRAPH_HAS_ERRORS: 'Compilation refused: the graph has errors.',
  CODEGEN_UNSUPPORTED: 'A primitive that cannot be compiled to tfjs layers.',
  // CLI.
  PRESET_UNKNOWN: 'preset:<id> names no preset.',
  FILE_NOT_FOUND: 'The model file cannot be read.',
  FILE_NOT_REGULAR: 'The model path is not a regular file.',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
