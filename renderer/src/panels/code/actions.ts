import type { GraphDoc } from '../../../../shared/graph/schema';
import type { TextFormat } from '../../../../shared/codegen/export';
import {
  FaithfulCode,
  FORMAT_INFO,
  IMPORT_LIMITS,
  ImportErrorCode,
  importModelJson,
  kerasBinaryRefusal,
  onnxBytes,
  suggestedFileName,
} from '../../model/core';
import { call } from '../../backend/api';
import { showDocument } from '../../canvas/viewport';
import { confirmDiscard } from '../../commands/file';
import { arrangedChain, arrangedForWindow } from '../../layout/autoLayout';
import { analyzeDoc } from '../../model/core';
import { plural } from '../../model/format';
import { loadDoc } from '../../store/editor';
import { useSession } from '../../store/session';
import { toast } from '../../store/toasts';
import { useCode } from './store';

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** The Clipboard API (secure contexts: Electron's app origin, 127.0.0.1), else the legacy copy command. */
export async function copyCode(text: string): Promise<void> {
  try {
    if (navigator.clipboard === undefined) throw new Error('no Clipboard API');
    await navigator.clipboard.writeText(text);
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    if (!copied)
      return void toast.error(
        'Could not copy: the clipboard is not available here.',
        'CLIPBOARD_UNAVAILABLE',
      );
  }
  toast.success(`Copied ${lineCount(text)} lines`);
}

function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Electron: the native save dialog (files.saveText). Browser mode: a download. */
export async function saveCode(doc: GraphDoc, format: TextFormat, text: string): Promise<void> {
  const name = suggestedFileName(doc, format);
  const info = FORMAT_INFO[format];
  if (useSession.getState().mode !== 'electron') {
    download(name, text, format === 'keras-json' ? 'application/json' : 'text/plain');
    return;
  }
  const result = await call((api) =>
    api.files.saveText({
      suggestedName: name,
      text,
      filters: [{ name: info.label, extensions: [info.extension] }],
    }),
  );
  if (!result.ok) return void toast.error(result.error.message, result.error.code);
  if (result.value !== null) toast.success(`Saved ${result.value.path.split(/[\\/]/).pop() ?? name}`);
}

/**
 * The graph as ONNX with its seeded initial weights (a run's trained weights: the run view). Electron: the
 * host writes it where the user chooses. Browser mode: built here and downloaded.
 */
export async function saveOnnx(doc: GraphDoc): Promise<void> {
  const name = suggestedFileName(doc, 'onnx');
  if (useSession.getState().mode !== 'electron') {
    const bytes = onnxBytes(doc);
    if (!bytes.ok) return void toast.error(bytes.error.message, bytes.error.code);
    const blob = new Blob(
      bytes.value.parts.map((p) => p.slice().buffer),
      { type: 'application/octet-stream' },
    );
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    return;
  }
  const result = await call((api) => api.files.exportOnnx({ graph: doc, seed: 1 }));
  if (!result.ok) return void toast.error(result.error.message, result.error.code);
  if (result.value !== null) toast.success(`Saved ${result.value.path.split(/[\\/]/).pop() ?? name}`);
}

/**
 * A tfjs model.json or Keras JSON picked by the user → the open document. Everything is checked in the
 * shared importer (sizes, nesting, types; nothing executed); what it could not carry over is shown in the
 * Code tab's report.
 */
export async function importModelFile(file: File, lenient = false): Promise<void> {
  const binary = kerasBinaryRefusal(file.name);
  if (binary !== null) return void toast.error(binary.message, binary.code);
  if (file.size > IMPORT_LIMITS.maxChars * 4) {
    return void toast.error(`${file.name} is too large to be a model topology.`, ImportErrorCode.tooLarge);
  }
  const text = await file.text();
  const result = importModelJson(text, { lenient });
  if (!result.ok) {
    const approximate = APPROXIMABLE.has(result.error.code) ? () => importModelFile(file, true) : null;
    showRefusal(file.name, result.error, result.errors, approximate);
    return;
  }
  if (!confirmDiscard()) return;
  const { doc, report } = result.value;
  // An imported graph has no arrangement of its own: it is laid out for the window, like a preset.
  const analysis = analyzeDoc(doc);
  const arranged = arrangedChain(doc, analysis) ?? (await arrangedForWindow(doc, analysis));
  loadDoc(arranged, null, { saved: false });
  requestAnimationFrame(() => showDocument());
  useCode.getState().setImportReport({ ...report, file: file.name });
  const issues = report.issues.length;
  toast.success(
    `Imported ${file.name}: ${plural(report.nodes, 'node')}${issues > 0 ? `, ${plural(issues, 'issue')} (see the Code tab)` : ''}`,
  );
}

/** Refusals an approximate (lenient) import can get past: the network is readable, just not exactly. */
const APPROXIMABLE: ReadonlySet<string> = new Set(Object.values(FaithfulCode));

/** A refused import: a toast, and in the Code tab every layer it could not represent, with its code. */
function showRefusal(
  file: string,
  error: { readonly code: string; readonly message: string },
  errors: readonly { readonly code: string; readonly message: string }[],
  approximate: (() => Promise<void>) | null,
): void {
  // The command line's way to an approximation; here it is the button beside the list.
  const message = error.message.replace(/ Use --lenient to import an approximation\.$/, '');
  toast.error(`${file}: ${message}`, error.code);
  useCode.getState().setImportRefusal({
    file,
    code: error.code,
    message,
    errors: errors.filter((e) => e.code !== error.code || e.message !== error.message),
    approximate,
  });
}

/** A File's bytes as base64 (in slices: a spread of a large array would overflow the call stack). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The files picked in "Import model…": a model.json alone is read here (topology only); with its .bin weight
 * shards it goes to the host (models.import), which keeps the weights for training ("Start from: the imported
 * model's weights") and evaluation. Either way exact or refused, every layer it cannot represent named.
 */
export async function importModelFiles(files: readonly File[], lenient = false): Promise<void> {
  const binary = files.map((f) => kerasBinaryRefusal(f.name)).find((r) => r !== null);
  if (binary !== undefined && binary !== null) return void toast.error(binary.message, binary.code);
  // One file is the model whatever its name says (the importer tells what it is if it is none).
  const json =
    files.find((f) => f.name.toLowerCase().endsWith('.json')) ?? (files.length === 1 ? files[0] : undefined);
  const shards = files.filter((f) => f.name.toLowerCase().endsWith('.bin'));
  if (json === undefined)
    return void toast.error('Pick a model.json (and its .bin weight shards).', ImportErrorCode.notAModel);
  if (shards.length === 0) return importModelFile(json, lenient);
  const upload = {
    name: json.name,
    modelJson: await json.text(),
    shards: await Promise.all(shards.map(async (f) => ({ name: f.name, base64: await base64Of(f) }))),
  };
  const result = await call((api) => api.models.import({ upload, lenient }));
  if (!result.ok) {
    const approximate = APPROXIMABLE.has(result.error.code) ? () => importModelFiles(files, true) : null;
    showRefusal(json.name, result.error, [], approximate);
    return;
  }
  if (!confirmDiscard()) return;
  const { graph, report, weights } = result.value;
  const analysis = analyzeDoc(graph);
  const arranged = arrangedChain(graph, analysis) ?? (await arrangedForWindow(graph, analysis));
  loadDoc(arranged, null, { saved: false });
  requestAnimationFrame(() => showDocument());
  const kept =
    weights.status === 'kept'
      ? 'weights kept (Training: Start from the imported weights)'
      : `weights ${weights.status}${weights.message === undefined ? '' : `: ${weights.message}`}`;
  useCode.getState().setImportReport({ ...report, file: json.name, weights: kept });
  toast.success(`Imported ${json.name} with its weights: ${plural(report.nodes, 'node')}`);
}
