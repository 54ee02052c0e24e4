import { resolve } from 'node:path';
import type { CliCommand } from '../command';
import { importModelJson, IMPORT_LIMITS } from '../../../shared/codegen/import/import';
import { PROJECT_FORMAT, PROJECT_VERSION } from '../../../shared/graph/project';
import { writeFileAtomic } from '../../host/atomic';
import { FileReadError, NOT_REGULAR, readRegularFile } from '../../host/regular-file';
import { failLine, parseCommandArgs } from '../args';
import { isOnnxPath, ONNX_IMPORT_USAGE, runOnnxImport } from './import-onnx';

const USAGE = `usage: stride import <model.json> [-o FILE.stride.json] [--strict] [--json]
Reads a tfjs model.json or a Keras model JSON (Sequential or functional) into a Stride project. Layers Stride
cannot represent are left out and reported (their consumers take their input); --strict refuses the file
instead. Without -o the project is printed to stdout. --json prints the import report as JSON on stderr.`;

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
    const result = importModelJson(text, { strict: flags.strict === true });
    if (!result.ok) return failLine('import', `${result.error.message} [${result.error.code}]`);
    const { doc, report } = result.value;
    if (flags.json === true) process.stderr.write(`${JSON.stringify(report)}\n`);
    else {
      process.stderr.write(
        `imported ${report.layers} layers as ${report.nodes} nodes (${report.source}); ` +
          `${report.issues.length} issue(s), ${report.diagnostics.length} error(s) in the graph\n`,
      );
      for (const i of report.issues)
        process.stderr.write(`${i.severity} ${i.code} at ${i.layer}: ${i.message}\n`);
      for (const d of report.diagnostics)
        process.stderr.write(`error ${d.code} at ${d.nodeId ?? '-'}: ${d.message}\n`);
    }
    const project = `${JSON.stringify({ format: PROJECT_FORMAT, version: PROJECT_VERSION, graph: doc, ui: {} }, null, 2)}\n`;
    const out = (flags.o ?? flags.output) as string | undefined;
    if (out === undefined) process.stdout.write(project);
    else await writeFileAtomic(resolve(out), project);
    return 0;
  },
};
