import { useEffect, useSyncExternalStore } from 'react';
import { usePrefs } from '../store/prefs';

/**
 * Light and dark themes are CSS variables (app/theme.css) switched by `data-theme` on <html>. The default
 * follows the system; the toggle pins light or dark.
 */
const query = (): MediaQueryList | null =>
  typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function subscribeSystem(onChange: () => void): () => void {
  const mq = query();
  mq?.addEventListener('change', onChange);
  return () => mq?.removeEventListener('change', onChange);
}

const systemIsDark = (): boolean => query()?.matches ?? false;

export function useResolvedTheme(): 'light' | 'dark' {
  const pref = usePrefs((s) => s.theme);
  const dark = useSyncExternalStore(subscribeSystem, systemIsDark, () => false);
  return pref === 'system' ? (dark ? 'dark' : 'light') : pref;
}

/** Mirrors the resolved theme onto <html data-theme> so every CSS variable follows it. */
export function useApplyTheme(): 'light' | 'dark' {
  const theme = useResolvedTheme();
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);
  return theme;
}

/** The menu's "Toggle theme": pins the opposite of what shows now (the toolbar offers System again). */
export function toggleTheme(): void {
  const { theme, setTheme } = usePrefs.getState();
  const shown = theme === 'system' ? (systemIsDark() ? 'dark' : 'light') : theme;
  setTheme(shown === 'dark' ? 'light' : 'dark');
}
