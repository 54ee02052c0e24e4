import { parseArgs } from 'node:util';

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly flags: Readonly<Record<string, boolean | string | undefined>>;
}

/** Strict option parsing; a bad flag becomes a one-line usage error, not a stack. */
export function parseCommandArgs(
  args: readonly string[],
  options: Record<string, { type: 'boolean' | 'string'; short?: string }>,
): { ok: true; value: ParsedArgs } | { ok: false; message: string } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { ok: true, value: { positionals, flags: values as ParsedArgs['flags'] } };
  } catch (error) {
    return {
      ok: false,
      message: error instanceof Error ? (error.message.split('\n')[0] ?? 'bad arguments') : 'bad arguments',
    };
  }
}

/** One line on stderr; the CLI's only way to fail. */
export function failLine(command: string, message: string): number {
  process.stderr.write(`stride ${command}: ${message.replace(/\s+/g, ' ').trim()}\n`);
  return 1;
}
