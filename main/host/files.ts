import { resolve } from 'node:path';
import { StrideFailure } from '../../shared/api/errors';
import { ProjectErrorCode } from '../../shared/api/ns/project';
import type { HostService } from '../../shared/api/types';
import { writeFileAtomic } from './atomic';
import type { HostDeps } from './deps';
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
  };
}
