import { useEffect, useRef } from 'react';
import { useResolvedTheme } from '../../app/theme';
import { MONACO_LANGUAGE, monaco } from './monaco';

export interface MonacoViewProps {
  readonly text: string;
  readonly language: keyof typeof MONACO_LANGUAGE;
  /** Accessible name of the editor (e.g. "TypeScript code"). */
  readonly label: string;
}

/**
 * A read-only Monaco editor showing generated code. One editor and one model live as long as the view; new
 * text replaces the model's content in place (scroll position kept) and a format change switches the model's
 * language, so typing in the graph never re-creates the editor.
 */
export default function MonacoView({ text, language, label }: MonacoViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const theme = useResolvedTheme();

  useEffect(() => {
    if (host.current === null) return undefined;
    const model = monaco.editor.createModel('', MONACO_LANGUAGE[language]);
    const instance = monaco.editor.create(host.current, {
      model,
      readOnly: true,
      domReadOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
      lineNumbersMinChars: 4,
      renderLineHighlight: 'none',
      ariaLabel: label,
      tabSize: language === 'python' ? 4 : 2,
    });
    editor.current = instance;
    return () => {
      instance.dispose();
      model.dispose();
      editor.current = null;
    };
    // The editor is created once; text, language and theme changes are applied by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (model == null) return;
    monaco.editor.setModelLanguage(model, MONACO_LANGUAGE[language]);
    editor.current?.updateOptions({ ariaLabel: label, tabSize: language === 'python' ? 4 : 2 });
  }, [language, label]);

  useEffect(() => {
    const instance = editor.current;
    const model = instance?.getModel();
    if (instance == null || model == null || model.getValue() === text) return;
    const view = instance.saveViewState();
    model.setValue(text);
    if (view !== null) instance.restoreViewState(view);
  }, [text]);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  return <div className="code-editor" ref={host} data-testid="code-editor" />;
}
