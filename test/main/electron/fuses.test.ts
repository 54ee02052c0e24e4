import { FuseV1Options, FuseVersion, flipFuses, type FuseV1Config } from '@electron/fuses';
import { load } from 'js-yaml';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXPECTED_FUSES, OFF, ON, readFuseWire, writeFuseBinary } from './fuse-fixture';

// The electronFuses block of electron-builder.yml, applied by @electron/fuses 1.8 (as electron-builder does at
// pack time) to a stand-in binary holding the fuse sentinel.

const NAMES: Record<string, FuseV1Options> = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};

function configuredFuses(): Record<string, unknown> {
  const config = load(readFileSync(join(process.cwd(), 'electron-builder.yml'), 'utf8')) as {
    electronFuses?: unknown;
  };
  if (typeof config.electronFuses !== 'object' || config.electronFuses === null)
    throw new Error('no electronFuses');
  return config.electronFuses as Record<string, unknown>;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stride-fuses-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Electron fuses (electron-builder.yml)', () => {
  it('names every V1 fuse explicitly, with a boolean', () => {
    const fuses = configuredFuses();
    expect(Object.keys(fuses).sort()).toEqual(Object.keys(NAMES).sort());
    for (const value of Object.values(fuses)) expect(typeof value).toBe('boolean');
  });

  it('flips the binary to: no RunAsNode, no NODE_OPTIONS, no --inspect, cookie encryption, asar only', async () => {
    const binary = join(dir, 'electron');
    writeFuseBinary(binary);
    const config: FuseV1Config = { version: FuseVersion.V1, strictlyRequireAllFuses: false };
    for (const [name, value] of Object.entries(configuredFuses())) {
      const option = NAMES[name];
      if (option === undefined) throw new Error(`unknown fuse ${name}`);
      (config as Record<number, boolean>)[option] = value as boolean;
    }
    await flipFuses(binary, config);
    const wire = readFuseWire(binary);
    expect(wire.map((state, index) => [FuseV1Options[index], state === ON])).toEqual(EXPECTED_FUSES);
    expect(wire.every((state) => state === ON || state === OFF)).toBe(true);
  });
});
