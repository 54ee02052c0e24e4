/**
 * The renderer's door to the command table (shared/commands): ids, labels, keys and categories, which the
 * Electron menu reads too. What each command does in this window is renderer/src/shortcuts/commands.ts.
 */
export { COMMAND_IDS, COMMAND_TABLE, keyLabel, keysOf } from '../../../shared/commands/table';
