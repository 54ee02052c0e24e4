import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import type { ImportResult } from '../../../shared/codegen/import/import';
import { importModelJson, IMPORT_LIMITS, kerasBinaryRefusal } from '../../../shared/codegen/import/import';
import { importedWeightLookup, IMPORT_WEIGHTS_FILE } from '../../../shared/codegen/import/weights';
import { readTfjsWeights } from '../../host/tfjs-weights';
import { writeTfjsModel } from '../../host/tfjs-write';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../../shared/graph/project';
import { writeFileAtomic } from '../../host/atomic';
import { FileReadError, NOT_REGULAR, readRegularFile } from '../../host/regular-file';
import { failLine, parseCommandArgs } from '../args';
import { isOnnxPath, ONNX_IMPORT_USAGE, runOnnxImport } from './import-onnx';

const USAGE = `usage: stride import <model.json> [-o FILE.stride.json] [--weights-out DIR] [--lenient] [--json]
Reads a tfjs model.json or a Keras model JSON (Sequential or functional; nested models are opened into one
graph) into a Stride project, exactly or not at all: every layer represented as in the file and, when the file
has a weights manifest, every layer's parameter count equal to its weight specs. Otherwise it exits 1 with one
coded line per layer it cannot represent (IMPORT_NOT_FAITHFUL, IMPORT_PARAM_MISMATCH with both counts).
--lenient imports an approximation instead (layers left out and bridged); the report and the graph's
description then say what changed. Without -o the project is printed to stdout. --json prints the import
report (or the refusals) as JSON on stderr. (--strict, the default, is accepted.) --weights-out writes the
weights of the shards beside model.json under Stride's layer names as a tfjs model (model.json + weights.bin)
for stride train --initial-weights and stride export --format onnx --weights.`;

/** The file's weights under Stride's names in `dir`; null when written, else why not. */
async function keepWeights(
  path: string,
  dir: string,
  imported: ImportResult,
  manifest: ImportResult['manifest'],
  lenient: boolean,
): Promise<string | null> {
  if (manifest === null) return `${path} has no weights manifest (a Keras JSON holds the topology only)`;
  const shards = await readTfjsWeights(path);
  if (!shards.ok) return shards.error.message;
  const written = await writeTfjsModel(
    resolve(dir),
    imported.doc,
    importedWeightLookup(imported.report.counts, manifest, shards.value.get),
    { generatedBy: `Stride ${__STRIDE_VERSION__}`, seed: lenient ? 1 : null },
  );
  if (!written.ok) return written.error.message;
  for (const name of written.value.reinitialised)
    process.stderr.write(`warning: ${name} is not in the file; initialised afresh\n`);
  return null;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import a tfjs model.json, Keras model JSON or ONNX model as a Stride project (with a report)',
  async run(args) {
    // An ONNX file has its own importer (faithful or refused, weights included) and flags.
    if (args.some((a) => !a.startsWith('-') && isOnnxPath(a))) return runOnnxImport(args);
    const parsed = parseCommandArgs(args, {
      o: { type: 'string', short: 'o' },
      output: { type: 'string' },
      strict: { type: 'boolean' },
      lenient: { type: 'boolean' },
      'weights-out': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (!parsed.ok) return failLine('import', `${parsed.message} (see stride import --help)`);
    const { flags, positionals } = parsed.value;
    if (flags.help === true) {
      process.stdout.write(`${USAGE}\n\n${ONNX_IMPORT_USAGE}\n`);
      return 0;
    }
    const [path, extra] = positionals;
    if (path === undefined || extra !== undefined) return failLine('import', USAGE);
    const binary = kerasBinaryRefusal(path);
    if (binary !== null) return failLine('import', `${binary.message} [${binary.code}]`);
    let text: string;
    try {
      // A character is at most 4 bytes: refuse what cannot be under the limit before reading it.
      text = (await readRegularFile(path, IMPORT_LIMITS.maxChars * 4)).toString('utf8');
    } catch (error) {
      if (error instanceof FileReadError && error.code === NOT_REGULAR)
        return failLine('import', `${path} is not a regular file [FILE_NOT_REGULAR]`);
      if (error instanceof FileReadError)
        return failLine(
          'import',
          `${path} is ${error.size} bytes, far over the import limit [IMPORT_TOO_LARGE]`,
        );
      return failLine('import', `cannot read ${path} [FILE_NOT_FOUND]`);
    }
    if (flags.strict === true && flags.lenient === true)
      return failLine('import', '--strict and --lenient exclude each other (see stride import --help)');
    const result = importModelJson(text, { lenient: flags.lenient === true });
    if (!result.ok) {
      if (flags.json === true)
        process.stderr.write(`${JSON.stringify({ source: 'keras', refused: result.errors })}\n`);
      else if (result.errors.length > 1 || result.errors[0] !== result.error)
        for (const e of result.errors) process.stderr.write(`error ${e.code}: ${e.message}\n`);
      return failLine('import', `${result.error.message} [${result.error.code}]`);
    }
    const { doc, report, manifest } = result.value;
    const weightsOut = flags['weights-out'] as string | undefined;
    if (weightsOut !== undefined) {
      const failed = await keepWeights(path, weightsOut, result.value, manifest, flags.lenient === true);
      if (failed !== null) return failLine('import', `${failed} [${IMPORT_WEIGHTS_FILE}]`);
    }
    if (flags.json === true) process.stderr.write(`${JSON.stringify(report)}\n`);
    else {
      const counts =
        report.fileParams === null
          ? `${report.params} parameters (no weights manifest to compare)`
          : report.faithful
            ? `${report.params} parameters, equal to the file's ${report.fileParams}`
            : `${report.params} parameters AGAINST THE FILE'S ${report.fileParams}`;
      process.stderr.write(
        `imported ${report.layers} layers as ${report.nodes} nodes (${report.source}${report.nestedModels > 0 ? `, ${report.nestedModels} nested model(s) opened` : ''}); ` +
          `${counts}; ${report.issues.length} issue(s), ${report.diagnostics.length} error(s) in the graph\n`,
      );
      if (!report.faithful) process.stderr.write("warning: lenient import, not the file's network exactly\n");
      for (const i of report.issues)
        process.stderr.write(`${i.severity} ${i.code} at ${i.layer}: ${i.message}\n`);
      for (const d of report.diagnostics)
        process.stderr.write(`error ${d.code} at ${d.nodeId ?? '-'}: ${d.message}\n`);
    }
    if (weightsOut !== undefined && flags.json !== true)
      process.stderr.write(`wrote the weights to ${weightsOut}\n`);
    const project = `${JSON.stringify({ format: PROJECT_FORMAT, version: PROJECT_VERSION, graph: doc, ui: {} }, null, 2)}\n`;
    const out = (flags.o ?? flags.output) as string | undefined;
    if (out === undefined) process.stdout.write(project);
    else await writeFileAtomic(resolve(out), project);
    return 0;
  },
};
