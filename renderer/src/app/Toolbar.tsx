import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { runCommand, shortcutLabel, type CommandId } from '../shortcuts/commands';
import { isDirty, useEditor } from '../store/editor';
import { usePrefs, type ThemePref } from '../store/prefs';
import { useSession } from '../store/session';

/** The top bar: file and edit commands, layout, view toggles, the document title with its dirty mark. */
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
  // The window title follows the document, as desktop editors do (Electron shows it in the title bar).
  useEffect(() => {
    document.title = `${dirty ? '• ' : ''}${name} — Stride`;
  }, [dirty, name]);
  return (
    <header className="toolbar" role="toolbar" aria-label="Main toolbar">
      <span className="brand" aria-hidden="true">
        Stride
      </span>
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
      <div className="toolbar-group">
        <Cmd id="view.layout" text="Auto-layout" />
        <Cmd id="view.fit" text="Fit" />
        <Cmd id="edit.group" text="Group" disabled={selection < 2} />
        <Cmd id="edit.ungroup" text="Ungroup" disabled={selection !== 1} />
      </div>
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
  const key = shortcutLabel(id);
  const title = `${text}${hint !== undefined && hint !== '' ? `: ${hint}` : ''}${key !== '' ? ` (${key})` : ''}`;
  return (
    <button
      type="button"
      className="tool-button"
      onClick={() => runCommand(id)}
      disabled={disabled}
      title={title}
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
  const { theme, snapToGrid, showMinimap } = usePrefs(
    useShallow((s) => ({ theme: s.theme, snapToGrid: s.snapToGrid, showMinimap: s.showMinimap })),
  );
  const prefs = usePrefs.getState;
  return (
    <div className="toolbar-group toolbar-end">
      <label className="toggle">
        <input type="checkbox" checked={snapToGrid} onChange={() => prefs().toggleSnap()} /> Snap
      </label>
      <label className="toggle">
        <input type="checkbox" checked={showMinimap} onChange={() => prefs().toggleMinimap()} /> Minimap
      </label>
      <div className="segmented" role="radiogroup" aria-label="Theme">
        {THEMES.map((t) => (
          <button
            key={t.value}
            type="button"
            role="radio"
            aria-checked={theme === t.value}
            onClick={() => prefs().setTheme(t.value)}
          >
            {t.label}
          </button>
        ))}
      </div>
    </div>
  );
}
