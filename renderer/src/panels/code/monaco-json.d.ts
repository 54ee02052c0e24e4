/** Monaco ships this module without typings: the JSON tokenizer its JSON mode uses. */
declare module 'monaco-editor/languages/features/json/tokenization' {
  import type { languages } from 'monaco-editor/editor/editor.api';

  export function createTokenizationSupport(supportComments: boolean): languages.TokensProvider;
}
