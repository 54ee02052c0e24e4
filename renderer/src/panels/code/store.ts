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

/** The Code tab's own state: kept while the tab is closed, never part of a document or its history. */
interface CodeState {
  readonly format: TextFormat;
  /** Include train() / the training script. */
  readonly training: boolean;
  /** The report of the last model.json import, shown until dismissed. */
  readonly importReport: ShownImportReport | null;
  setFormat(format: TextFormat): void;
  setTraining(training: boolean): void;
  setImportReport(report: CodeState['importReport']): void;
}

export const useCode = create<CodeState>()((set) => ({
  format: 'ts',
  training: true,
  importReport: null,
  setFormat: (format) => set({ format }),
  setTraining: (training) => set({ training }),
  setImportReport: (importReport) => set({ importReport }),
}));
