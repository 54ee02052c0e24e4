import type { CliCommand } from '../command';
import { doctorCommand } from './doctor';
import { exportCommand } from './export';
import { importCommand } from './import';
import { presetsCommand } from './presets';
import { serveCommand } from './serve';
import { summaryCommand } from './summary';
import { trainCommand } from './train';
import { validateCommand } from './validate';

/** The registry of sub-commands; each lives in its own file beside this one. */
export const commands: readonly CliCommand[] = [
  presetsCommand,
  summaryCommand,
  validateCommand,
  trainCommand,
  exportCommand,
  importCommand,
  doctorCommand,
  serveCommand,
];
