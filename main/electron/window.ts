import { BrowserWindow, screen } from 'electron';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../host/atomic';
import { APP_ENTRY_URL } from './origin';
import { DEFAULT_SIZE, restorableState, type WindowState } from './window-state';

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly userDataDir: string;
  readonly devTools: boolean;
}

const stateFile = (userDataDir: string) => join(userDataDir, 'window-state.json');

async function loadState(userDataDir: string): Promise<WindowState | null> {
  try {
    const saved: unknown = JSON.parse(await fs.readFile(stateFile(userDataDir), 'utf8'));
    return restorableState(
      saved,
      screen.getAllDisplays().map((display) => display.workArea),
    );
  } catch {
    return null;
  }
}

/** The one window. Its security settings are spelled out here, literally, so reviewers and scanners see them. */
export async function createMainWindow(options: MainWindowOptions): Promise<BrowserWindow> {
  const state = await loadState(options.userDataDir);
  const window = new BrowserWindow({
    ...(state === null ? DEFAULT_SIZE : { x: state.x, y: state.y, width: state.width, height: state.height }),
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Stride',
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Middle-click (auxclick) must not open links in new windows either.
      disableBlinkFeatures: 'Auxclick',
      devTools: options.devTools,
      spellcheck: false,
    },
  });
  if (state?.maximized === true) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const bounds = window.getNormalBounds();
    const saved: WindowState = { ...bounds, maximized: window.isMaximized() };
    // Best effort: losing the window position is not worth an error dialog on quit.
    void writeFileAtomic(stateFile(options.userDataDir), `${JSON.stringify(saved)}\n`, { mode: 0o600 }).catch(
      () => undefined,
    );
  });
  await window.loadURL(APP_ENTRY_URL);
  return window;
}
