import { create } from 'zustand';
import type { TextFormat } from '../../../../shared/codegen/export';

/** What the import report box shows: the importer's report (in the page, or from models.import). */
export interface ShownImportReport {
  readonly file: string;
  readonly source: string;
  readonly layers: number;
  readonly nodes: number;
  readonly issues: readonly { readonly code: string; readonly layer: string; readonly message: string }[];
  readonly diagnostics: readonly {
    readonly code: string;
    readonly nodeId: string | null;
    readonly message: string;
  }[];
  readonly params: number;
  readonly fileParams: number | null;
  /** What became of the weights (imports through the host); absent for a topology-only import. */
  readonly weights?: string;
}

/**
 * An import refused because the file's network cannot be represented exactly: the refusal, each layer with its
 * code, and — where an approximation is possible — the action that imports one (lenient).
 */
export interface ShownImportRefusal {
  readonly file: string;
  readonly code: string;
  readonly message: string;
  readonly errors: readonly { readonly code: string; readonly message: string }[];
  readonly approximate: (() => Promise<void>) | null;
}

/** The Code tab's own state: kept while the tab is closed, never part of a document or its history. */
interface CodeState {
  readonly format: TextFormat;
  /** Include train() / the training script. */
  readonly training: boolean;
  /** The report of the last model.json import, shown until dismissed. */
  readonly importReport: ShownImportReport | null;
  /** The last import's refusal, shown until dismissed or replaced by an import. */
  readonly importRefusal: ShownImportRefusal | null;
  setFormat(format: TextFormat): void;
  setTraining(training: boolean): void;
  setImportReport(report: CodeState['importReport']): void;
  setImportRefusal(refusal: CodeState['importRefusal']): void;
}

export const useCode = create<CodeState>()((set) => ({
  format: 'ts',
  training: true,
  importReport: null,
  importRefusal: null,
  setFormat: (format) => set({ format }),
  setTraining: (training) => set({ training }),
  setImportReport: (importReport) => set({ importReport, importRefusal: null }),
  setImportRefusal: (importRefusal) => set({ importRefusal, importReport: null }),
}));
