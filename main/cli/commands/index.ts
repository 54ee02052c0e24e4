import type { CliCommand } from '../command';
import { doctorCommand } from './doctor';

/** The registry of sub-commands; each lives in its own file beside this one. */
export const commands: readonly CliCommand[] = [doctorCommand];
