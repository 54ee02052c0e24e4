import type { CliCommand } from '../command';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { fmtInt } from '../../../shared/layers/common/format';
import { failLine, parseCommandArgs } from '../args';
import { loadModel } from '../load-model';
import { diagnosticLine } from '../summary-table';

const USAGE = 'usage: stride validate <model.stride.json | graph.json | preset:<id>> [--json]';

/**
 * Exit 0 when the model has no error (warnings allowed), 1 otherwise. Text: one line per problem, or one
 * "valid" line. A file that cannot be read as a model is one line too, on stderr (or one JSON line).
 */
export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check a model; exit 0 when it has no error, 1 otherwise (--json)',
  async run(args) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (!parsed.ok) return failLine('validate', `${parsed.message}; ${USAGE}`);
    const [spec, extra] = parsed.value.positionals;
    if (spec === undefined || extra !== undefined) return failLine('validate', USAGE);
    const json = parsed.value.flags.json === true;
    const loaded = await loadModel(spec);
    if (!loaded.ok) {
      if (!json) return failLine('validate', `${loaded.error.message} [${loaded.error.code}]`);
      const diagnostics = [loaded.error];
      process.stdout.write(
        `${JSON.stringify({ name: null, valid: false, errors: 1, warnings: 0, diagnostics })}\n`,
      );
      return 1;
    }
    const doc = loaded.value.graph;
    const analysis = analyzeGraph(doc);
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning').length;
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ name: doc.name, valid: errors === 0, errors, warnings, diagnostics: analysis.diagnostics })}\n`,
      );
    } else if (analysis.diagnostics.length === 0) {
      process.stdout.write(
        `${doc.name}: valid (${doc.nodes.length} layers, ${fmtInt(analysis.totals.params)} params)\n`,
      );
    } else {
      process.stdout.write(analysis.diagnostics.map((d) => `${diagnosticLine(d)}\n`).join(''));
    }
    return errors === 0 ? 0 : 1;
  },
};
