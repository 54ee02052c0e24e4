import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { OnnxImport } from '../../../shared/codegen/onnx/import';
import { importOnnx, ONNX_MAX_FILE_BYTES } from '../../../shared/codegen/onnx/import';
import { weightsFileError } from '../../../shared/codegen/onnx/weights';
import { tfjsArtifacts, WEIGHTS_FILE } from '../../../shared/codegen/tfjs-artifacts';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../../shared/graph/project';
import { tempPathFor, writeFileAtomic } from '../../host/atomic';
import { FileReadError, NOT_REGULAR, readRegularFile } from '../../host/regular-file';
import { failLine, parseCommandArgs } from '../args';

export const ONNX_IMPORT_USAGE = `usage: stride import <model.onnx> [-o FILE.stride.json] [--weights-out DIR] [--json]
Reads an ONNX model (opset 9 or later, one NCHW or [N, F] input, one output) into a Stride project: exactly,
every layer's parameter count equal to the ONNX initializers it comes from, or not at all — a node Stride has
no layer for (a grouped convolution, ReLU6 …) fails the import with one coded line per node. --weights-out
writes the file's weights as a tfjs model (model.json + ${WEIGHTS_FILE}) for tf.loadLayersModel and for
stride export --format onnx --weights. Without -o the project is printed to stdout. --json prints the import
report (or the refusals) as JSON on stderr.`;

/** True when the command names an ONNX file: `stride import` hands it to this importer. */
export const isOnnxPath = (path: string) => path.toLowerCase().endsWith('.onnx');

/** model.json last, so a folder never holds a model.json whose weights are missing or partial. */
async function writeWeights(dir: string, imported: OnnxImport): Promise<string | null> {
  const artifacts = tfjsArtifacts(imported.doc, { generatedBy: `Stride ${__STRIDE_VERSION__}` });
  if (!artifacts.ok) return artifacts.error.message;
  mkdirSync(dir, { recursive: true });
  const target = join(dir, WEIGHTS_FILE);
  const temp = tempPathFor(target);
  const fd = openSync(temp, 'w');
  try {
    for (const spec of artifacts.value.weights) {
      const values = imported.weights(spec);
      if (values === null) throw new Error(`the import holds no weight ${spec.name}`);
      writeSync(fd, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    }
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    return error instanceof Error ? error.message : String(error);
  }
  closeSync(fd);
  renameSync(temp, target);
  await writeFileAtomic(join(dir, 'model.json'), `${JSON.stringify(artifacts.value.modelJson, null, 1)}\n`);
  return null;
}

export async function runOnnxImport(args: readonly string[]): Promise<number> {
  const parsed = parseCommandArgs(args, {
    o: { type: 'string', short: 'o' },
    output: { type: 'string' },
    'weights-out': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return failLine('import', `${parsed.message} (see stride import --help)`);
  const { flags, positionals } = parsed.value;
  const [path, extra] = positionals;
  if (path === undefined || extra !== undefined) return failLine('import', ONNX_IMPORT_USAGE);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readRegularFile(path, ONNX_MAX_FILE_BYTES));
  } catch (error) {
    if (error instanceof FileReadError && error.code === NOT_REGULAR)
      return failLine('import', `${path} is not a regular file [FILE_NOT_REGULAR]`);
    if (error instanceof FileReadError)
      return failLine(
        'import',
        `${path} is ${error.size} bytes, over protobuf's 2 GiB limit [IMPORT_TOO_LARGE]`,
      );
    return failLine('import', `cannot read ${path} [FILE_NOT_FOUND]`);
  }
  const result = importOnnx(bytes, basename(path).replace(/\.onnx$/i, ''));
  if (!result.ok) {
    if (flags.json === true)
      process.stderr.write(`${JSON.stringify({ source: 'onnx', refused: result.errors })}\n`);
    else
      // Each message starts with the node's name and operator: `<node> (<op>): why`.
      for (const e of result.errors) process.stderr.write(`error ${e.code}: ${e.message}\n`);
    return failLine(
      'import',
      `${path} is not imported: ${result.errors.length} node(s) Stride cannot represent exactly [${result.error.code}]`,
    );
  }
  const { doc, report } = result.value;
  const weightsOut = flags['weights-out'] as string | undefined;
  if (weightsOut !== undefined) {
    const failed = await writeWeights(resolve(weightsOut), result.value);
    if (failed !== null) {
      const error = weightsFileError(`cannot write the weights: ${failed}`);
      return failLine('import', error.ok ? failed : `${error.error.message} [${error.error.code}]`);
    }
  }
  if (flags.json === true) process.stderr.write(`${JSON.stringify(report)}\n`);
  else {
    process.stderr.write(
      `imported ${report.onnxNodes} ONNX nodes as ${report.nodes} layers (${report.producer || 'unknown producer'}, opset ${report.opset}); ` +
        `${report.totalParams} parameters, equal to the file's ${report.onnxParams}\n`,
    );
    for (const n of report.notes)
      process.stderr.write(`${n.severity} ${n.code} at ${n.nodeId}: ${n.message}\n`);
    if (weightsOut !== undefined) process.stderr.write(`wrote the weights to ${weightsOut}\n`);
  }
  const project = `${JSON.stringify({ format: PROJECT_FORMAT, version: PROJECT_VERSION, graph: doc, ui: {} }, null, 2)}\n`;
  const out = (flags.o ?? flags.output) as string | undefined;
  if (out === undefined) process.stdout.write(project);
  else await writeFileAtomic(resolve(out), project);
  return 0;
}
