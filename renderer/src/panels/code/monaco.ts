/**
 * Monaco, bundled locally and cut down to what a read-only code viewer needs: the editor API, syntax
 * highlighting for TypeScript, Python and JSON (see registerJson; no language worker), find, folding,
 * bracket matching, copy and the context menu. Its one worker is bundled by vite (`?worker`), so nothing is
 * fetched from a CDN and the CSP's `worker-src 'self' blob:` holds. Imported only by MonacoView, which the
 * Code tab loads lazily: the designer's start-up never pays for Monaco.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/python/register';
import { createTokenizationSupport } from 'monaco-editor/languages/features/json/tokenization';
import 'monaco-editor/editor/contrib/find/browser/findController';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/readOnlyMessage/browser/contribution';

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

/**
 * JSON as a language of its own, highlighted by Monaco's JSON tokenizer (keys, strings, numbers, keywords and
 * delimiters get the `*.json` tokens the built-in themes colour) — without `languages/features/json/register`,
 * whose language service (validation, completion, formatting) needs a JSON worker a read-only viewer has no
 * use for. The tokenizer is 5 kB with the jsonc scanner it uses, in this lazily loaded chunk.
 */
function registerJson(): void {
  if (monaco.languages.getLanguages().some((l) => l.id === 'json')) return;
  monaco.languages.register({ id: 'json', extensions: ['.json'], aliases: ['JSON', 'json'] });
  monaco.languages.setTokensProvider('json', createTokenizationSupport(false));
  monaco.languages.setLanguageConfiguration('json', {
    wordPattern: /(-?\d*\.\d\w*)|([^[{\]}:",\s]+)/g,
    brackets: [
      ['{', '}'],
      ['[', ']'],
    ],
  });
}
registerJson();

/** Stride's format languages → Monaco's. */
export const MONACO_LANGUAGE: Readonly<Record<'typescript' | 'python' | 'json', string>> = {
  typescript: 'typescript',
  python: 'python',
  json: 'json',
};

export { monaco };
