import { create } from 'zustand';

/**
 * Where this window runs and what the back end offered at start-up. Not part of any document.
 * `mode` decides how Open/Save look: Electron has native dialogs; browser mode lists the host's project
 * folder and uploads/downloads files; 'none' means no back end (editing and presets still work).
 */
export type HostMode = 'unknown' | 'none' | 'electron' | 'browser' | 'test';

export interface Recoverable {
  readonly sessionId: string;
  readonly name: string;
  readonly savedAt: string;
  readonly path: string | null;
}

interface SessionState {
  readonly mode: HostMode;
  readonly version: string | null;
  readonly recoverable: readonly Recoverable[];
  readonly lastAutosave: string | null;
  /** Which modal is open: the gallery, the save-as form, the command palette, the shortcut sheet, or none. */
  readonly dialog:
    | null
    | { readonly kind: 'gallery'; readonly tab: 'presets' | 'open' | 'lessons' }
    | { readonly kind: 'saveAs' }
    | { readonly kind: 'commands' }
    | { readonly kind: 'shortcuts' };
}

export const useSession = create<SessionState>()(() => ({
  mode: 'unknown',
  version: null,
  recoverable: [],
  lastAutosave: null,
  dialog: null,
}));

const SESSION_KEY = 'stride.sessionId';

/** One autosave session per tab (sessionStorage survives a reload, so a reload can recover its own work). */
export function sessionId(): string {
  try {
    const existing = sessionStorage.getItem(SESSION_KEY);
    if (existing !== null && /^[A-Za-z0-9_-]{1,64}$/.test(existing)) return existing;
    const id = `tab-${crypto.randomUUID().replace(/-/g, '').slice(0, 24)}`;
    sessionStorage.setItem(SESSION_KEY, id);
    return id;
  } catch {
    return 'tab-volatile';
  }
}

export const openDialog = (dialog: SessionState['dialog']): void => useSession.setState({ dialog });
export const closeDialog = (): void => useSession.setState({ dialog: null });
