import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import {
  jsonText,
  pyComment,
  pyDocstring,
  pyString,
  tsComment,
  tsString,
  tsTemplateText,
} from '../../../shared/codegen/escape';
import { exportText } from '../../../shared/codegen/export';
import { STRIDE_GRAPH_KEY } from '../../../shared/codegen/keras-json';
import { tfjsArtifacts } from '../../../shared/codegen/tfjs-artifacts';
import type { GraphDoc } from '../../../shared/graph/schema';
import { skipWithReason } from '../../setup/skip';
import { awkwardNames, userBlock } from './corpus';
import { HOSTILE_PIECES, hostileName, seeded, withHostileNames } from './hostile-names';
import { PYTHON, runPython } from './python';

/**
 * Every user string reaches generated code through shared/codegen/escape.ts. Checked here on the functions
 * (each hostile piece alone and 300 seeded names: strings and docstrings give the text back, comments stay
 * comments) and on whole exports of documents whose every name is hostile: every TypeScript export parses,
 * every PyTorch export parses and keeps its names, every JSON export parses and keeps the graph.
 */

const dir = mkdtempSync(join(tmpdir(), 'stride-escape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const random = seeded(20_261_202);
const NAMES = [...HOSTILE_PIECES, ...Array.from({ length: 300 }, () => hostileName(random))];

/** What no export may hold raw: controls (but \n), separators, bidirectional controls, BOM, lone surrogates. */
const RAW_UNSAFE =
  // eslint-disable-next-line no-control-regex -- the control characters are what the test looks for
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function tsProblems(text: string): string[] {
  const out = ts.transpileModule(text, {
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The value of the one expression statement `source` holds, as the TypeScript parser reads it. */
function tsValue(source: string): string | null {
  const file = ts.createSourceFile('v.ts', source, ts.ScriptTarget.ES2022, true);
  const statement = file.statements[0];
  if (file.statements.length !== 1 || statement === undefined || !ts.isExpressionStatement(statement))
    return null;
  const e = statement.expression;
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isTemplateExpression(e)) return e.templateSpans[0]?.literal.text ?? null;
  return null;
}

describe('escape.ts, TypeScript', () => {
  it.each(NAMES.map((n, i) => [i, n]))(
    'name %i: strings give the text back, comments stay comments',
    (_i, s) => {
      expect(tsValue(`${tsString(s)};`)).toBe(s);
      expect(tsValue(`\`\${prefix}${tsTemplateText(s)}\`;`)).toBe(s);
      for (const code of [
        `// ${tsComment(s)}\nx;`,
        `/** ${tsComment(s)} */\nx;`,
        `/* a ${tsComment(s)} b */ x;`,
      ]) {
        expect(tsProblems(code)).toEqual([]);
        const file = ts.createSourceFile('c.ts', code, ts.ScriptTarget.ES2022, true);
        expect(file.statements.map((st) => st.getText(file))).toEqual(['x;']);
      }
      for (const text of [tsString(s), tsTemplateText(s), tsComment(s)]) expect(text).not.toMatch(RAW_UNSAFE);
    },
  );

  it('quotes as prettier does: single quotes unless the text holds more of them', () => {
    expect(tsString('plain')).toBe("'plain'");
    expect(tsString("it's")).toBe('"it\'s"');
    expect(tsString(`say "hi" it's`)).toBe(`'say "hi" it\\'s'`);
    expect(tsString('a\u0000b\u001b\u2028')).toBe("'a\\x00b\\x1b\\u2028'");
  });
});

describe('escape.ts, JSON', () => {
  it('keeps the value, and shows separators, C1 and bidirectional controls as escapes', () => {
    const value = { names: NAMES };
    const text = jsonText(value, 2);
    expect(JSON.parse(text)).toEqual(value);
    expect(text).not.toMatch(RAW_UNSAFE);
    expect(jsonText('\u202e\u2028\u009b')).toBe('"\\u202e\\u2028\\u009b"');
  });
});

const EXPORTS = 24;

/** Documents whose every name is hostile: the corpus graph with awkward ids, and one with a user block. */
function hostileDocs(): { doc: GraphDoc; fileName: string }[] {
  const r = seeded(7);
  return Array.from({ length: EXPORTS }, (_, i) => ({
    doc: withHostileNames(i % 2 === 0 ? awkwardNames() : userBlock(), r),
    fileName: `${hostileName(r)}.py`,
  }));
}

/** How the usage line names the file: one shell word, single-quoted unless plain (as pytorch.ts writes it). */
const shellWord = (s: string) => (/^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

describe('exports of documents with hostile names', () => {
  const docs = hostileDocs();

  it(`TypeScript: ${EXPORTS} exports parse; Keras JSON and tfjs model.json parse and keep every name`, () => {
    for (const { doc } of docs) {
      const code = exportText(doc, 'ts');
      if (!code.ok) throw new Error(code.error.message);
      expect(tsProblems(code.value)).toEqual([]);
      expect(code.value).not.toMatch(RAW_UNSAFE);

      const keras = exportText(doc, 'keras-json');
      if (!keras.ok) throw new Error(keras.error.message);
      expect(keras.value).not.toMatch(RAW_UNSAFE);
      expect(
        (JSON.parse(keras.value) as Record<string, { graph: unknown }>)[STRIDE_GRAPH_KEY]?.graph,
      ).toEqual(doc);

      const tfjs = tfjsArtifacts(doc);
      if (!tfjs.ok) throw new Error(tfjs.error.message);
      const modelJson = jsonText(tfjs.value.modelJson, 1);
      expect(modelJson).not.toMatch(RAW_UNSAFE);
      const meta = (JSON.parse(modelJson) as { userDefinedMetadata: Record<string, { graph: unknown }> })
        .userDefinedMetadata[STRIDE_GRAPH_KEY];
      expect(meta?.graph).toEqual(doc);
    }
  });

  it(`PyTorch: the escapes give the text back and ${EXPORTS} exports parse, naming graph and file exactly`, (ctx) => {
    const files = docs.map(({ doc, fileName }, i) => {
      const code = exportText(doc, 'pytorch', { fileName });
      if (!code.ok) throw new Error(code.error.message);
      expect(code.value).not.toMatch(RAW_UNSAFE);
      const path = join(dir, `export_${i}.py`);
      writeFileSync(path, code.value);
      return { path, name: doc.name, usage: `Train: python ${shellWord(fileName)} --help` };
    });
    const strings = NAMES.map((value) => ({
      value,
      literal: pyString(value),
      docstring: pyDocstring(value),
      comment: pyComment(value),
    }));
    for (const s of strings)
      for (const text of [s.literal, s.docstring, s.comment]) expect(text).not.toMatch(RAW_UNSAFE);
    if (!existsSync(PYTHON))
      return skipWithReason(ctx, `${PYTHON} not found: the Python exports are not parsed`);
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify({ strings, files }));
    const run = runPython([join(__dirname, 'check_exports.py'), manifest], { timeoutMs: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ failures: [] });
  });
});
