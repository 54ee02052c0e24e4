import { app, BrowserWindow, Menu, session, utilityProcess } from 'electron';
import { join, resolve } from 'node:path';
import type { EventName, EventPayload } from '../../shared/api/types';
import { createHostService, type RunningHost } from '../host/index';
import { electronDialogs } from './dialogs';
import { registerIpc, sendEvent, senderIdOf } from './ipc';
import { buildMenuTemplate } from './menu-template';
import { registerAppScheme, serveRenderer } from './protocol';
import { guardAllWebContents, hardenSession } from './security';
import { createMainWindow } from './window';
import { utilitySpawner } from './worker-spawner';

// Electron main: thin. It owns the window, menus, dialogs and security settings; everything the UI asks for
// is answered by the host service (main/host), the same one browser mode and the tests use.
// Bundle layout (app/dist): main/index.cjs (this), preload/index.cjs, renderer/, worker/index.cjs.
const dist = join(__dirname, '..');
const devTools = !app.isPackaged || process.env.STRIDE_DEVTOOLS === '1';

app.setName('Stride');
// Portable installs and tests can move the user data and project folders.
if (process.env.STRIDE_USER_DATA_DIR) app.setPath('userData', resolve(process.env.STRIDE_USER_DATA_DIR));
const projectsDir = () =>
  resolve(process.env.STRIDE_PROJECTS_DIR ?? join(app.getPath('documents'), 'Stride'));
app.enableSandbox();
registerAppScheme();
guardAllWebContents();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | null = null;
  const trusted = new Set<number>();
  let host: RunningHost | null = null;

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    const targets = BrowserWindow.getAllWindows()
      .filter((w) => trusted.has(w.webContents.id))
      .map((w) => w.webContents);
    sendEvent(targets, event, payload);
  };

  async function openWindow(): Promise<void> {
    window = await createMainWindow({
      preloadPath: join(dist, 'preload', 'index.cjs'),
      userDataDir: app.getPath('userData'),
      devTools,
    }).catch((error: unknown) => {
      console.error(`Stride could not open its window: ${error instanceof Error ? error.message : error}`);
      app.exit(1);
      return null;
    });
    if (window === null) return;
    const contents = window.webContents;
    const id = contents.id;
    trusted.add(id);
    // A reload or a renderer crash ends that page's session as surely as closing the window does: its
    // autosave becomes recoverable by the page that loads next.
    const sessionEnded = () => host?.senderClosed(senderIdOf({ id }));
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) sessionEnded();
    });
    contents.on('render-process-gone', sessionEnded);
    window.on('closed', () => {
      trusted.delete(id);
      sessionEnded();
      window = null;
    });
  }

  app.on('second-instance', () => {
    if (window === null) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    serveRenderer(join(dist, 'renderer'));
    host = createHostService({
      mode: 'electron',
      version: app.getVersion(),
      dataDir: app.getPath('userData'),
      projectsDir: projectsDir(),
      dialogs: electronDialogs,
      events: emit,
      workerSpawner: utilitySpawner(utilityProcess),
    });
    registerIpc(host, trusted);
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate((command) => emit('menu', { command }), process.platform, devTools),
      ),
    );
    await openWindow();
    app.on('activate', () => {
      if (window === null) void openWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Let the host finish (stop training workers, mark a clean exit) before the process ends.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed || host === null) return;
    event.preventDefault();
    void host.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}
