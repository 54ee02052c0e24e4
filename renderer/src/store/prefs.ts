import { create } from 'zustand';

/**
 * UI preferences that outlive a document: theme, pane sizes, the open bottom tab. Persisted per browser profile
 * (localStorage) and never part of the undo history or the project file.
 */
export type ThemePref = 'system' | 'light' | 'dark';

/** The top-level views: the welcome page, the designer, the training workspace, the comparison. */
export const APP_VIEWS = ['welcome', 'designer', 'training', 'compare'] as const;
export type AppView = (typeof APP_VIEWS)[number];
export const isAppView = (v: unknown): v is AppView => (APP_VIEWS as readonly unknown[]).includes(v);

export interface PaneSizes {
  /** Palette width, px. */
  readonly left: number;
  /** Inspector width, px. */
  readonly right: number;
  /** Bottom panel height, px. */
  readonly bottom: number;
  /** The training workspace's settings column, px. */
  readonly trainSettings: number;
  /** The training workspace's runs list (beside the open run), px. */
  readonly runsList: number;
}

export interface PrefsState {
  readonly theme: ThemePref;
  readonly panes: PaneSizes;
  readonly bottomTab: string;
  readonly snapToGrid: boolean;
  readonly showMinimap: boolean;
  /** The view last chosen; a reload that reopens a document returns to it. */
  readonly view: AppView;
  setTheme(theme: ThemePref): void;
  setPane(which: keyof PaneSizes, size: number): void;
  setBottomTab(id: string): void;
  toggleSnap(): void;
  toggleMinimap(): void;
  setView(view: AppView): void;
}

const STORAGE_KEY = 'stride.prefs.v1';

export const PANE_LIMITS: Readonly<Record<keyof PaneSizes, { min: number; max: number }>> = {
  left: { min: 160, max: 480 },
  right: { min: 220, max: 560 },
  bottom: { min: 120, max: 640 },
  trainSettings: { min: 220, max: 480 },
  runsList: { min: 280, max: 900 },
};

const DEFAULTS = {
  theme: 'system' as ThemePref,
  panes: { left: 232, right: 300, bottom: 240, trainSettings: 280, runsList: 420 } satisfies PaneSizes,
  bottomTab: 'summary',
  snapToGrid: true,
  showMinimap: true,
  view: 'designer' as AppView,
};

type Persisted = typeof DEFAULTS;

const clamp = (which: keyof PaneSizes, value: number): number =>
  Math.round(Math.min(PANE_LIMITS[which].max, Math.max(PANE_LIMITS[which].min, value)));

/** Reads stored prefs defensively: a hand-edited or stale entry falls back to defaults field by field. */
function load(): Persisted {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (raw == null) return DEFAULTS;
    const data: unknown = JSON.parse(raw);
    if (typeof data !== 'object' || data === null) return DEFAULTS;
    const rec = data as Record<string, unknown>;
    const panes = (typeof rec.panes === 'object' && rec.panes !== null ? rec.panes : {}) as Record<
      string,
      unknown
    >;
    const pane = (which: keyof PaneSizes): number =>
      typeof panes[which] === 'number' ? clamp(which, panes[which]) : DEFAULTS.panes[which];
    return {
      theme: rec.theme === 'light' || rec.theme === 'dark' || rec.theme === 'system' ? rec.theme : 'system',
      panes: {
        left: pane('left'),
        right: pane('right'),
        bottom: pane('bottom'),
        trainSettings: pane('trainSettings'),
        runsList: pane('runsList'),
      },
      bottomTab: typeof rec.bottomTab === 'string' ? rec.bottomTab : DEFAULTS.bottomTab,
      snapToGrid: typeof rec.snapToGrid === 'boolean' ? rec.snapToGrid : DEFAULTS.snapToGrid,
      showMinimap: typeof rec.showMinimap === 'boolean' ? rec.showMinimap : DEFAULTS.showMinimap,
      view: isAppView(rec.view) ? rec.view : DEFAULTS.view,
    };
  } catch {
    return DEFAULTS;
  }
}

export const usePrefs = create<PrefsState>()((set) => ({
  ...load(),
  setTheme: (theme) => set({ theme }),
  setPane: (which, size) => set((s) => ({ panes: { ...s.panes, [which]: clamp(which, size) } })),
  setBottomTab: (bottomTab) => set({ bottomTab }),
  toggleSnap: () => set((s) => ({ snapToGrid: !s.snapToGrid })),
  toggleMinimap: () => set((s) => ({ showMinimap: !s.showMinimap })),
  setView: (view) => set({ view }),
}));

usePrefs.subscribe((s) => {
  const persisted: Persisted = {
    theme: s.theme,
    panes: s.panes,
    bottomTab: s.bottomTab,
    snapToGrid: s.snapToGrid,
    showMinimap: s.showMinimap,
    view: s.view,
  };
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(persisted));
  } catch {
    // Storage full or disabled (private mode): prefs simply do not persist.
  }
});
