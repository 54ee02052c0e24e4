import type { Result } from '../../shared/api/errors';
import type { LoadedModel } from '../../shared/graph/load';
import { fail, ok } from '../../shared/api/errors';
import { parseModelText } from '../../shared/graph/load';
import { JsonGuardCode } from '../../shared/graph/json-text';
import { MAX_PROJECT_BYTES } from '../../shared/graph/project';
import { getPreset, presets } from '../../shared/presets';
import { FileReadError, NOT_REGULAR, readRegularFile } from '../host/regular-file';

/**
 * `<model>` of the CLI: `preset:<id>`, or a path to a `*.stride.json` project or a bare GraphDoc JSON. The
 * size is checked before reading and the text is bounded before parsing, so a hostile file costs nothing.
 */
export async function loadModel(spec: string): Promise<Result<LoadedModel>> {
  if (spec.startsWith('preset:')) {
    const id = spec.slice('preset:'.length);
    const preset = getPreset(id);
    if (preset === undefined) {
      return fail('PRESET_UNKNOWN', `no preset '${id}' (try: ${presets.map((p) => p.id).join(', ')})`);
    }
    return ok({ graph: preset.build(), project: null });
  }
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(spec, MAX_PROJECT_BYTES);
  } catch (error) {
    if (error instanceof FileReadError) {
      if (error.code === NOT_REGULAR) return fail('FILE_NOT_REGULAR', `${spec} is not a regular file`);
      return fail(
        JsonGuardCode.tooLarge,
        `${spec} is ${(error.size / 1024 / 1024).toFixed(1)} MB, over the ${MAX_PROJECT_BYTES / 1024 / 1024} MB limit`,
      );
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return fail('FILE_NOT_FOUND', `cannot read ${spec} (no such file)`);
    return fail('FILE_NOT_FOUND', `cannot read ${spec} (${typeof code === 'string' ? code : 'unreadable'})`);
  }
  return parseModelText(bytes.toString('utf8'), spec);
}
