import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHostService } from '../../host/index';
import { startWebServer, type WebServer } from '../../web/server';
import type { CliCommand } from '../command';

const USAGE = `Usage: stride serve [--port N] [--host-dir DIR] [--data-dir DIR]

Browser mode: serves the Stride app and its back end on http://127.0.0.1 only, protected by a random token
in the printed URL. The first line printed is the URL to open.

  --port N         port to listen on (default 0: any free port)
  --host-dir DIR   the project folder the page can open and save in (default ~/Documents/Stride)
  --data-dir DIR   user data: autosaves, recent list, runs (default: the same folder as the desktop app)
`;

interface ServeOptions {
  port: number;
  hostDir: string;
  dataDir: string;
}

export function parseServeArgs(args: readonly string[]): ServeOptions | string {
  const options: ServeOptions = { port: 0, hostDir: defaultProjectsDir(), dataDir: defaultDataDir() };
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i];
    const value = args[i + 1];
    if (flag === '--port' || flag === '--host-dir' || flag === '--data-dir') {
      if (value === undefined || value.startsWith('--')) return `${flag} needs a value`;
      i += 1;
      if (flag === '--port') {
        const port = Number(value);
        if (!/^\d+$/.test(value) || port > 65535) return `--port must be 0-65535, got '${value}'`;
        options.port = port;
      } else if (flag === '--host-dir') options.hostDir = resolve(value);
      else options.dataDir = resolve(value);
    } else return `unknown option '${flag}'`;
  }
  return options;
}

/** Where Electron keeps userData for productName "Stride", so both shells share autosaves and recents. */
export function defaultDataDir(): string {
  if (process.env.STRIDE_DATA_DIR) return resolve(process.env.STRIDE_DATA_DIR);
  const home = homedir();
  if (process.platform === 'win32')
    return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Stride');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'Stride');
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Stride');
}

function defaultProjectsDir(): string {
  const documents = join(homedir(), 'Documents');
  return join(existsSync(documents) ? documents : homedir(), 'Stride');
}

/** The repo root when running from a checkout (app/dist/cli/index.cjs → ../../..); packaged builds have no sources. */
const repoRoot = resolve(__dirname, '..', '..', '..');
const rendererDir = resolve(__dirname, '..', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** In a checkout, (re)build the renderer when it is missing or older than its sources (a fresh clone has none). */
function ensureRenderer(): string | null {
  const sources = join(repoRoot, 'renderer');
  if (!existsSync(join(repoRoot, 'build.config.mjs')) || !existsSync(sources)) return null;
  const index = join(rendererDir, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(newestMtime(sources), newestMtime(join(repoRoot, 'shared')));
  if (built >= newest) return null;
  process.stderr.write('stride serve: building the renderer (first run or sources changed)...\n');
  // Build output goes to stderr: the first line on stdout must be the URL.
  const result = spawnSync(process.execPath, [join(repoRoot, 'build.config.mjs'), 'renderer'], {
    cwd: repoRoot,
    stdio: ['ignore', 2, 2],
  });
  return result.status === 0 ? null : 'the renderer build failed (see above)';
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'browser mode: serve the app on 127.0.0.1 with a token URL',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(USAGE);
      return 0;
    }
    const options = parseServeArgs(args);
    if (typeof options === 'string') {
      process.stderr.write(`stride serve: ${options}\n\n${USAGE}`);
      return 1;
    }
    const buildError = ensureRenderer();
    if (buildError !== null) {
      process.stderr.write(`stride serve: ${buildError}\n`);
      return 1;
    }
    let server: WebServer | null = null;
    const host = createHostService({
      mode: 'browser',
      version: __STRIDE_VERSION__,
      dataDir: options.dataDir,
      projectsDir: options.hostDir,
      dialogs: null,
      events: (event, payload) => server?.broadcast(event, payload),
    });
    try {
      server = await startWebServer({
        service: host,
        rendererDir,
        port: options.port,
        onConnectionClosed: (senderId) => host.senderClosed(senderId),
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const why = code === 'EADDRINUSE' ? `port ${options.port} is in use` : String(error);
      process.stderr.write(`stride serve: cannot listen on 127.0.0.1: ${why}\n`);
      await host.close();
      return 1;
    }
    process.stdout.write(`Stride is running at ${server.url}\n`);
    process.stderr.write(`Projects folder: ${options.hostDir}\nPress Ctrl+C to stop.\n`);
    const running = server;
    return new Promise<number>((done) => {
      const stop = () => {
        void running
          .close()
          .then(() => host.close())
          .then(() => done(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
