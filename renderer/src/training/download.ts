import { call } from '../backend/api';
import { useSession } from '../store/session';
import { toast } from '../store/toasts';

/** A file name from a title: "LeNet-5 · adam" → "LeNet-5_adam". */
export const safeName = (name: string): string =>
  name.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '') || 'stride';

/** Hands a blob to the browser's download (Electron shows its save dialog for it). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV through the host's save dialog in Electron; a download in browser mode. */
export async function saveCsv(text: string, fileName: string): Promise<void> {
  if (useSession.getState().mode !== 'electron') {
    downloadBlob(new Blob([text], { type: 'text/csv' }), fileName);
    return;
  }
  const result = await call((api) =>
    api.files.saveText({
      suggestedName: fileName,
      text,
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    }),
  );
  if (!result.ok) toast.error(result.error.message, result.error.code);
  else if (result.value !== null) toast.success(`Saved ${result.value.path}`);
}
