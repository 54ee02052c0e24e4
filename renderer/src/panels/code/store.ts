import { create } from 'zustand';
import type { TextFormat } from '../../../../shared/codegen/export';
import type { ImportReport } from '../../../../shared/codegen/import/import';

/** The Code tab's own state: kept while the tab is closed, never part of a document or its history. */
interface CodeState {
  readonly format: TextFormat;
  /** Include train() / the training script. */
  readonly training: boolean;
  /** The report of the last model.json import, shown until dismissed. */
  readonly importReport: (ImportReport & { readonly file: string }) | null;
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
