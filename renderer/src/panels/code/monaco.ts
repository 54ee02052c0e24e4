/**
 * Monaco, bundled locally and cut down to what a read-only code viewer needs: the editor API, syntax
 * highlighting for TypeScript, Python and JSON (the JavaScript grammar; no language worker), find, folding,
 * bracket matching, copy and the context menu. Its one worker is bundled by vite (`?worker`), so nothing is
 * fetched from a CDN and the CSP's `worker-src 'self' blob:` holds. Imported only by MonacoView, which the
 * Code tab loads lazily: the designer's start-up never pays for Monaco.
 */
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/python/register';
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

/** Stride's format languages → Monaco's (JSON is highlighted with the JavaScript grammar, worker-free). */
export const MONACO_LANGUAGE: Readonly<Record<'typescript' | 'python' | 'json', string>> = {
  typescript: 'typescript',
  python: 'python',
  json: 'javascript',
};

export { monaco };
