import type { Result } from '../api/errors';
import type { GraphAnalysis } from '../analysis/types';
import type { GraphDoc } from '../graph/schema';
import type { TrainingChoiceInput } from './training';
import { analyzeGraph } from '../analysis/analyze';
import { toKerasJson } from './keras-json';
import { toPyTorch } from './pytorch';
import { toTypeScript } from './typescript';
import { fileStem } from './names';

export { fileStem };

/**
 * The one entry the CLI and the Code tab use for text exports. `tfjs` (model.json + weights.bin) is written
 * by the CLI from shared/codegen/tfjs-artifacts.ts, since it is two files and a binary one; `onnx` (one binary
 * file, shared/codegen/onnx/export.ts) by the CLI and the host, see BINARY_FORMAT_INFO.
 */
export const TEXT_FORMATS = ['ts', 'pytorch', 'keras-json'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];
export const EXPORT_FORMATS = ['ts', 'tfjs', 'keras-json', 'pytorch', 'onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface FormatInfo {
  readonly label: string;
  /** Monaco language id. */
  readonly language: 'typescript' | 'python' | 'json';
  readonly extension: string;
}

export const FORMAT_INFO: Readonly<Record<TextFormat, FormatInfo>> = {
  ts: { label: 'TypeScript (tfjs)', language: 'typescript', extension: 'ts' },
  pytorch: { label: 'PyTorch', language: 'python', extension: 'py' },
  'keras-json': { label: 'Keras JSON', language: 'json', extension: 'json' },
};

/** Formats written as one binary file (with weights), by the CLI and through the host's save dialog. */
export const BINARY_FORMATS = ['onnx'] as const;
export type BinaryFormat = (typeof BINARY_FORMATS)[number];

export const BINARY_FORMAT_INFO: Readonly<Record<BinaryFormat, Omit<FormatInfo, 'language'>>> = {
  onnx: { label: 'ONNX (opset 13)', extension: 'onnx' },
};

export interface TextExportOptions {
  /** The training section's optimizer and hyper-parameters; `false` leaves it out (TypeScript, PyTorch). */
  readonly training?: TrainingChoiceInput | false;
  /** Keras JSON: keep the Stride graph beside the topology (default true). */
  readonly includeGraph?: boolean;
  /** PyTorch: the file's name, quoted in its usage line (default `<stem>.py`). */
  readonly fileName?: string | undefined;
}

export function suggestedFileName(doc: GraphDoc, format: TextFormat | BinaryFormat): string {
  const info = format === 'onnx' ? BINARY_FORMAT_INFO[format] : FORMAT_INFO[format];
  return `${fileStem(doc.name)}.${info.extension}`;
}

export function exportText(
  doc: GraphDoc,
  format: TextFormat,
  options: TextExportOptions = {},
  analysis: GraphAnalysis = analyzeGraph(doc),
): Result<string> {
  switch (format) {
    case 'ts':
      return toTypeScript(doc, { training: options.training ?? {} }, analysis);
    case 'pytorch':
      return toPyTorch(doc, { training: options.training ?? {}, fileName: options.fileName }, analysis);
    case 'keras-json':
      return toKerasJson(doc, { includeGraph: options.includeGraph ?? true }, analysis);
  }
}
