import ts from 'typescript';
import { join } from 'node:path';

/** Options a strict user project would use; the exported code must compile under all of them. */
export const STRICT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  skipLibCheck: true,
  noEmit: true,
};

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/**
 * Type-checks in-memory sources (name → text) in ONE program against the real @tensorflow/tfjs typings: the
 * files sit virtually in `dir` (a folder inside the repository, so node_modules resolves), nothing is written.
 */
export function typeCheck(sources: ReadonlyMap<string, string>, dir: string): Diagnostic[] {
  const files = new Map([...sources].map(([name, text]) => [join(dir, name), text]));
  const host = ts.createCompilerHost(STRICT_OPTIONS, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = files.get(fileName);
    return text !== undefined
      ? ts.createSourceFile(fileName, text, languageVersion, true)
      : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  host.fileExists = (fileName) => files.has(fileName) || fileExists(fileName);
  host.readFile = (fileName) => files.get(fileName) ?? readFile(fileName);
  const program = ts.createProgram([...files.keys()], STRICT_OPTIONS, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file !== undefined && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    return {
      file: d.file?.fileName ?? '',
      line: (where?.line ?? -1) + 1,
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    };
  });
}
