import { EventEmitter } from 'node:events';

/**
 * A stand-in for the `electron` module, just enough of it to run main/electron/*.ts under Node (vi.mock), so
 * the wiring (window options, session hardening, IPC checks, protocol, menu, preload bridge) is tested where
 * the Electron binary is missing. It records what the app asked for; it does not imitate Chromium.
 */
type Handler = (...args: unknown[]) => unknown;

export const recorded = {
  sandboxEnabled: false,
  schemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response>>(),
  ipcHandlers: new Map<string, Handler>(),
  permissionRequest: null as Handler | null,
  permissionCheck: null as Handler | null,
  devicePermission: null as Handler | null,
  beforeRequest: null as Handler | null,
  headersReceived: null as Handler | null,
  menu: null as unknown,
  windows: [] as FakeBrowserWindow[],
  exposed: new Map<string, unknown>(),
  quitCalls: 0,
};

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly mainFrame = { url: '' };
  readonly sent: { channel: string; message: unknown }[] = [];
  windowOpenHandler: Handler | null = null;
  setWindowOpenHandler(handler: Handler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, message: unknown): void {
    this.sent.push({ channel, message });
  }
  isDestroyed(): boolean {
    return false;
  }
}

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  paths: new Map<string, string>(),
  setName: () => undefined,
  enableSandbox: () => {
    recorded.sandboxEnabled = true;
  },
  requestSingleInstanceLock: () => true,
  quit: () => {
    recorded.quitCalls += 1;
  },
  exit: () => undefined,
  whenReady: () => Promise.resolve(),
  getPath: (name: string) => app.paths.get(name) ?? `/nonexistent/${name}`,
  setPath: (name: string, value: string) => app.paths.set(name, value),
  getVersion: () => '0.0.0-test',
});

export class FakeBrowserWindow extends EventEmitter {
  static getAllWindows = () => recorded.windows;
  static fromWebContents = (contents: unknown) =>
    recorded.windows.find((w) => w.webContents === contents) ?? null;
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    recorded.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  maximize(): void {}
  show(): void {}
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  isMaximized(): boolean {
    return false;
  }
  getNormalBounds() {
    return { x: 10, y: 20, width: 1200, height: 800 };
  }
}

const ipcRendererListeners = new Map<string, Set<Handler>>();

export const electron = {
  app,
  BrowserWindow: FakeBrowserWindow,
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.schemes.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
      recorded.protocolHandlers.set(scheme, handler),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (h: Handler) => (recorded.permissionRequest = h),
      setPermissionCheckHandler: (h: Handler) => (recorded.permissionCheck = h),
      setDevicePermissionHandler: (h: Handler) => (recorded.devicePermission = h),
      setDisplayMediaRequestHandler: () => undefined,
      webRequest: {
        onBeforeRequest: (h: Handler) => (recorded.beforeRequest = h),
        onHeadersReceived: (h: Handler) => (recorded.headersReceived = h),
      },
    },
  },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  Menu: {
    buildFromTemplate: (template: unknown) => ({ template }),
    setApplicationMenu: (menu: unknown) => (recorded.menu = menu),
  },
  ipcMain: { handle: (channel: string, handler: Handler) => recorded.ipcHandlers.set(channel, handler) },
  dialog: {
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showSaveDialog: async () => ({ canceled: true, filePath: '' }),
  },
  utilityProcess: {
    fork: () => {
      throw new Error('the stand-in electron starts no utility processes');
    },
  },
  webContents: { fromId: (id: number) => recorded.windows.find((w) => w.webContents.id === id)?.webContents },
  // Preload side: invoke goes straight to the handler main registered, as from the window's main frame.
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => recorded.exposed.set(key, api) },
  ipcRenderer: {
    invoke: async (channel: string, message: unknown) => {
      const handler = recorded.ipcHandlers.get(channel);
      const window = recorded.windows[0];
      if (handler === undefined || window === undefined) throw new Error(`no handler for ${channel}`);
      const contents = window.webContents;
      return handler({ sender: contents, senderFrame: contents.mainFrame }, message);
    },
    on: (channel: string, listener: Handler) => {
      const set = ipcRendererListeners.get(channel) ?? new Set();
      set.add(listener);
      ipcRendererListeners.set(channel, set);
    },
    removeListener: (channel: string, listener: Handler) =>
      ipcRendererListeners.get(channel)?.delete(listener),
  },
};

/** Delivers what main sent to a window to the preload's listeners, as Electron's IPC would. */
export function deliverSentMessages(window: FakeBrowserWindow): void {
  for (const { channel, message } of window.webContents.sent.splice(0)) {
    for (const listener of ipcRendererListeners.get(channel) ?? []) listener({}, message);
  }
}
