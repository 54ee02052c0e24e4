/** One `stride` sub-command. `run` returns the exit code; it prints its own output. */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  run(args: readonly string[]): Promise<number>;
}
