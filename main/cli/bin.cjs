#!/usr/bin/env node
// `npx stride` entry. Runs the bundled CLI (app/dist/cli/index.cjs), rebuilding it first when it is missing or
// older than the sources, so a fresh clone and an edited checkout both run what the sources say.
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = join(__dirname, '..', '..');
const bundle = join(root, 'app', 'dist', 'cli', 'index.cjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function isStale() {
  if (!existsSync(bundle)) return true;
  if (!existsSync(join(root, 'shared'))) return false; // packaged: no sources beside the bundle
  const built = statSync(bundle).mtimeMs;
  return newestSource(join(root, 'shared')) > built || newestSource(join(root, 'main')) > built;
}

if (isStale()) {
  const result = spawnSync(process.execPath, [join(root, 'build.config.mjs'), 'node'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) {
    console.error('stride: could not build the command-line tool; run `npm ci` first.');
    process.exit(1);
  }
}
require(bundle);
