import { resolve } from 'node:path';
import { StrideFailure } from '../../shared/api/errors';
import { ProjectErrorCode } from '../../shared/api/ns/project';
import type { HostService } from '../../shared/api/types';
import { writeFileAtomic } from './atomic';
import type { GraphDoc } from '../../shared/graph/schema';
import { BINARY_FORMAT_INFO, suggestedFileName } from '../../shared/codegen/export';
import type { FileFilter, HostDeps } from './deps';
import { writeOnnxFile, type OnnxFileOptions } from './onnx-file';
import { ioFailure } from './project-codec';

/** Exported text (code, CSV) goes where the user chooses in a native dialog; browser mode downloads instead. */
export function createFilesNamespace(deps: HostDeps): HostService['files'] {
  return {
    async saveText({ suggestedName, text, filters }, ctx) {
      if (deps.dialogs === null) {
        throw new StrideFailure(
          ProjectErrorCode.noDialog,
          'This host has no file dialog (browser mode): the page downloads the file instead.',
        );
      }
      const chosen = await deps.dialogs.saveText(ctx, suggestedName, filters);
      if (chosen === null) return null;
      const path = resolve(chosen);
      try {
        await writeFileAtomic(path, text);
      } catch (error) {
        throw ioFailure(error, path, 'save');
      }
      return { path };
    },
    async exportOnnx({ graph, seed }, ctx) {
      if (deps.dialogs === null) {
        throw new StrideFailure(
          ProjectErrorCode.noDialog,
          'This host has no file dialog (browser mode): the page builds the ONNX file and downloads it.',
        );
      }
      const chosen = await deps.dialogs.saveText(ctx, suggestedFileName(graph, 'onnx'), [ONNX_FILTER]);
      if (chosen === null) return null;
      return writeOnnx(resolve(chosen), graph, { seed, producerVersion: deps.version });
    },
  };
}

export const ONNX_FILTER: FileFilter = { name: BINARY_FORMAT_INFO.onnx.label, extensions: ['onnx'] };

/** writeOnnxFile, its coded refusals thrown as the API's errors and file-system errors as IO codes. */
export async function writeOnnx(
  path: string,
  graph: GraphDoc,
  options: OnnxFileOptions,
): Promise<{ path: string; bytes: number }> {
  let written: Awaited<ReturnType<typeof writeOnnxFile>>;
  try {
    written = await writeOnnxFile(path, graph, options);
  } catch (error) {
    throw ioFailure(error, path, 'save');
  }
  if (!written.ok) throw new StrideFailure(written.error.code, written.error.message, written.error.nodeId);
  return { path, bytes: written.value.bytes };
}
