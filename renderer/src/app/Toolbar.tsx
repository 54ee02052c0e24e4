import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { commandTitle, runCommand, type CommandId } from '../shortcuts/commands';
import { isDirty, useEditor } from '../store/editor';
import { usePrefs, type AppView, type ThemePref } from '../store/prefs';
import { useSession } from '../store/session';
import { Tabs } from '../ui/Tabs';

const VIEWS = [
  { id: 'designer', title: 'Designer' },
  { id: 'training', title: 'Training' },
  { id: 'compare', title: 'Compare' },
] as const;

const LAYOUTS: readonly { command: CommandId; text: string }[] = [
  { command: 'view.layout', text: 'Best for the window' },
  { command: 'view.layoutDown', text: 'Top to bottom' },
  { command: 'view.layoutRight', text: 'Left to right' },
  { command: 'view.layoutWrapped', text: 'Wrapped in columns' },
];

/**
 * The top bar: the welcome page, file and edit commands, the view switch (Designer | Training | Compare),
 * layout tools in the designer, the document title with its dirty mark. Tooltips come from the command table.
 */
export function Toolbar() {
  const { canUndo, canRedo, dirty, name, path, selection, undoLabel, redoLabel } = useEditor(
    useShallow((s) => ({
      canUndo: s.history.past.length > 0,
      canRedo: s.history.future.length > 0,
      undoLabel: s.history.past.at(-1)?.label ?? '',
      redoLabel: s.history.future.at(-1)?.label ?? '',
      dirty: isDirty(s),
      name: s.doc.name,
      path: s.path,
      selection: s.selectedNodes.length,
    })),
  );
  const mode = useSession((s) => s.mode);
  const view = usePrefs((s) => s.view);
  // The window title follows the document, as desktop editors do (Electron shows it in the title bar).
  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${name} — Stride`;
  }, [dirty, name]);
  return (
    <header className="toolbar" role="toolbar" aria-label="Main toolbar">
      <button
        type="button"
        className="brand"
        aria-pressed={view === 'welcome'}
        onClick={() => runCommand('go.welcome')}
        title={commandTitle('go.welcome')}
      >
        Stride
      </button>
      <div className="toolbar-group">
        <Cmd id="file.new" text="New" />
        <Cmd id="file.open" text="Open" />
        <Cmd id="file.save" text="Save" />
        <Cmd id="file.saveAs" text="Save As" />
      </div>
      <div className="toolbar-group">
        <Cmd id="edit.undo" text="Undo" disabled={!canUndo} hint={undoLabel} />
        <Cmd id="edit.redo" text="Redo" disabled={!canRedo} hint={redoLabel} />
      </div>
      <Tabs<AppView>
        label="Views"
        idBase="view"
        className="view-switch"
        tabs={VIEWS}
        selected={view}
        onSelect={(v) => usePrefs.getState().setView(v)}
      />
      {view === 'designer' ? (
        <div className="toolbar-group">
          <select
            className="layout-select"
            aria-label="Layout"
            title={`Arrange the network; ${commandTitle('view.layout')}`}
            value=""
            onChange={(e) => {
              const pick = LAYOUTS.find((l) => l.command === e.target.value);
              if (pick !== undefined) runCommand(pick.command);
            }}
          >
            <option value="" disabled>
              Layout…
            </option>
            {LAYOUTS.map((l) => (
              <option key={l.command} value={l.command}>
                {l.text}
              </option>
            ))}
          </select>
          <Cmd id="view.fit" text="Fit" />
          <Cmd id="edit.group" text="Group" disabled={selection < 2} />
          <Cmd id="edit.ungroup" text="Ungroup" disabled={selection !== 1} />
        </div>
      ) : null}
      <div className="doc-title" title={path ?? 'Not saved yet'}>
        <span className="doc-name">{name}</span>
        {dirty ? (
          <span className="dirty-mark" role="img" aria-label="Unsaved changes">
            ●
          </span>
        ) : null}
      </div>
      {mode === 'none' ? (
        <span className="backend-status" role="status" title="Open, save and autosave need the Stride host">
          Back end not connected
        </span>
      ) : null}
      <ViewToggles />
    </header>
  );
}

function Cmd({
  id,
  text,
  disabled,
  hint,
}: {
  id: CommandId;
  text: string;
  disabled?: boolean;
  hint?: string;
}) {
  return (
    <button
      type="button"
      className="tool-button"
      onClick={() => runCommand(id)}
      disabled={disabled}
      title={commandTitle(id, hint)}
    >
      {text}
    </button>
  );
}

const THEMES: readonly { value: ThemePref; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

function ViewToggles() {
  const theme = usePrefs((s) => s.theme);
  const prefs = usePrefs.getState;
  return (
    <div className="toolbar-group toolbar-end">
      <button
        type="button"
        className="tool-button"
        onClick={() => runCommand('help.commands')}
        title={commandTitle('help.commands')}
      >
        Commands
      </button>
      <select
        className="theme-select"
        aria-label="Theme"
        title={commandTitle('view.toggleTheme')}
        value={theme}
        onChange={(e) => prefs().setTheme(e.target.value as ThemePref)}
      >
        {THEMES.map((t) => (
          <option key={t.value} value={t.value}>
            {t.label}
          </option>
        ))}
      </select>
    </div>
  );
}
