import { readFileSync, writeFileSync } from 'node:fs';

/** The marker @electron/fuses looks for in an Electron binary; the fuse wire follows it. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Fuse states as bytes in the wire ('1' / '0'). */
export const ON = 0x31;
export const OFF = 0x30;

/** Electron's shipped defaults for the 8 V1 fuses (RunAsNode ... GrantFileProtocolExtraPrivileges). */
export const ELECTRON_DEFAULT_WIRE = [ON, OFF, ON, ON, OFF, OFF, OFF, ON];

/**
 * A stand-in Electron executable: a shell script that runs, followed by the fuse sentinel, the wire version (1),
 * its length and the wire itself, exactly where @electron/fuses expects them.
 */
export function writeFuseBinary(path: string, wire: readonly number[] = ELECTRON_DEFAULT_WIRE): void {
  const script = Buffer.from('#!/bin/sh\necho "stand-in electron"\nexit 0\n# ');
  const fuses = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, wire.length, ...wire])]);
  writeFileSync(path, Buffer.concat([script, fuses, Buffer.from('\n')]), { mode: 0o755 });
}

/** What docs/security.md promises, by wire index (FuseV1Options order): true = enabled. */
export const EXPECTED_FUSES: readonly (readonly [name: string, enabled: boolean])[] = [
  ['RunAsNode', false],
  ['EnableCookieEncryption', true],
  ['EnableNodeOptionsEnvironmentVariable', false],
  ['EnableNodeCliInspectArguments', false],
  ['EnableEmbeddedAsarIntegrityValidation', true],
  ['OnlyLoadAppFromAsar', true],
  ['LoadBrowserProcessSpecificV8Snapshot', false],
  ['GrantFileProtocolExtraPrivileges', false],
];

/** The wire bytes after the sentinel, read straight from the file. */
export function readFuseWire(path: string): number[] {
  const bytes = readFileSync(path);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`no fuse sentinel in ${path}`);
  const start = at + FUSE_SENTINEL.length;
  const length = bytes[start + 1] ?? 0;
  return [...bytes.subarray(start + 2, start + 2 + length)];
}
