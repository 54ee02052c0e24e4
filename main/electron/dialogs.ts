import { BrowserWindow, dialog, webContents, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { CallContext } from '../../shared/api/types';
import type { Dialogs } from '../host/deps';

const PROJECT_FILTERS = [
  { name: 'Stride project', extensions: ['stride.json'] },
  { name: 'JSON', extensions: ['json'] },
];

/** The window that made the call, so the dialog is modal to it. */
function parentOf(ctx: CallContext): BrowserWindow | null {
  const id = Number(ctx.senderId.replace(/^wc-/, ''));
  const contents = Number.isInteger(id) ? webContents.fromId(id) : undefined;
  return contents === undefined ? null : BrowserWindow.fromWebContents(contents);
}

async function showOpen(ctx: CallContext, options: OpenDialogOptions): Promise<string | null> {
  const parent = parentOf(ctx);
  const result =
    parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function showSave(ctx: CallContext, options: SaveDialogOptions): Promise<string | null> {
  const parent = parentOf(ctx);
  const result =
    parent === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(parent, options);
  return result.canceled || result.filePath === undefined || result.filePath === '' ? null : result.filePath;
}

export const electronDialogs: Dialogs = {
  openProject: (ctx) =>
    showOpen(ctx, { title: 'Open project', properties: ['openFile'], filters: PROJECT_FILTERS }),
  saveProject: (ctx, suggestedPath) =>
    showSave(ctx, { title: 'Save project', defaultPath: suggestedPath, filters: PROJECT_FILTERS }),
  saveText: (ctx, suggestedName, filters) =>
    showSave(ctx, {
      title: 'Save',
      defaultPath: suggestedName,
      filters: filters.map((filter) => ({ name: filter.name, extensions: [...filter.extensions] })),
    }),
};
