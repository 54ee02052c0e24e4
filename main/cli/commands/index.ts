import type { CliCommand } from '../command';
import { serveCommand } from './serve';

/** The registry of sub-commands; each lives in its own file beside this one. */
export const commands: readonly CliCommand[] = [serveCommand];
