import type { CliCommand } from '../command';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { fmtInt } from '../../../shared/layers/common/format';
import { presets } from '../../../shared/presets';
import { failLine, parseCommandArgs } from '../args';

export const presetsCommand: CliCommand = {
  name: 'presets',
  summary: 'List the built-in networks (use as preset:<id>) (--json)',
  async run(args) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean' } });
    if (!parsed.ok || parsed.value.positionals.length > 0) {
      return failLine(
        'presets',
        `${parsed.ok ? 'unexpected argument' : parsed.message}; usage: stride presets [--json]`,
      );
    }
    const rows = presets.map((p) => {
      const totals = analyzeGraph(p.build()).totals;
      return {
        id: p.id,
        name: p.name,
        year: p.year,
        description: p.description,
        headline: p.headline,
        totalParams: totals.params,
        trainableParams: totals.trainableParams,
        macs: totals.macs,
        depth: totals.depth,
      };
    });
    if (parsed.value.flags.json === true) {
      process.stdout.write(`${JSON.stringify(rows)}\n`);
      return 0;
    }
    const idWidth = Math.max(...rows.map((r) => r.id.length)) + 2;
    const nameWidth = Math.max(...rows.map((r) => r.name.length)) + 2;
    const lines = rows.map(
      (r) =>
        `${r.id.padEnd(idWidth)}${r.name.padEnd(nameWidth)}${String(r.year).padEnd(6)}${fmtInt(r.totalParams).padStart(12)} params  ${r.headline}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};
