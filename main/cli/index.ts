import { commands } from './commands';

/** `stride <command> [args]`: every failure ends as one line on stderr and a non-zero exit, never a stack. */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${__STRIDE_VERSION__}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`stride: unknown command '${name}'. Run 'stride help' for the list.\n`);
    return 1;
  }
  return command.run(rest);
}

function usage(): string {
  const lines = commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return `Usage: stride <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`stride: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
