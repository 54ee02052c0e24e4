import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer rules of eslint.config.js, exercised through ESLint's own API on snippets placed (virtually) in each
// layer. A rule that silently stops matching would let a forbidden import through; these tests notice.

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

interface Verdict {
  readonly restricted: string[];
  readonly other: string[];
}

async function lint(filePath: string, code: string): Promise<Verdict> {
  const [result] = await eslint.lintText(code, { filePath });
  if (result === undefined) throw new Error(`no lint result for ${filePath}`);
  const restricted: string[] = [];
  const other: string[] = [];
  for (const message of result.messages) {
    if (message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-globals')
      restricted.push(message.message);
    else other.push(`${message.ruleId ?? 'parse'}: ${message.message}`);
  }
  return { restricted, other };
}

const importing = (specifier: string): string =>
  `import { thing } from '${specifier}';\nexport const used = thing;\n`;

interface Case {
  readonly file: string;
  readonly rejects: readonly string[];
  readonly accepts: readonly string[];
}

const cases: readonly Case[] = [
  {
    file: 'shared/graph/__probe__.ts',
    rejects: [
      'node:fs',
      'fs',
      'react',
      'electron',
      '@tensorflow/tfjs',
      '../../main/host/index',
      '../../renderer/src/App',
      '../../test/x',
    ],
    accepts: ['zod', './schema', '../api/errors'],
  },
  {
    file: 'renderer/src/__probe__.ts',
    rejects: [
      'node:path',
      'fs',
      'child_process',
      'electron',
      '@tensorflow/tfjs',
      '@tensorflow/tfjs-node',
      'ws',
      'webgpu',
      '../../main/host/index',
      '../../test/e2e/fixtures',
    ],
    accepts: ['react', 'zod', '@xyflow/react', '../../shared/api/client', './bridge/websocket'],
  },
  {
    file: 'main/host/__probe__.ts',
    rejects: ['electron', '../../renderer/src/App', '@tensorflow/tfjs', 'webgpu', '../../test/x'],
    accepts: ['node:fs', 'node:path', '../../shared/api/errors', './project'],
  },
  {
    file: 'main/web/__probe__.ts',
    rejects: ['electron', '../../renderer/src/bridge/websocket'],
    accepts: ['ws', 'node:http', '../host/index'],
  },
  {
    file: 'main/electron/preload.ts',
    rejects: ['node:fs', 'fs', '../../shared/graph/schema', '../host/index', './ipc', 'zod'],
    accepts: ['electron', '../../shared/api/client', '../../shared/api/wire'],
  },
  {
    file: 'main/electron/__probe__.ts',
    rejects: ['../../renderer/src/App', '@tensorflow/tfjs'],
    accepts: ['electron', 'node:fs', '../host/index'],
  },
  {
    file: 'main/training/__probe__.ts',
    rejects: ['electron', '../../renderer/src/App'],
    accepts: ['@tensorflow/tfjs', 'webgpu', 'node:worker_threads'],
  },
];

describe('layer import rules (eslint.config.js)', () => {
  for (const { file, rejects, accepts } of cases) {
    describe(file, () => {
      for (const specifier of rejects) {
        it(`rejects '${specifier}'`, async () => {
          const verdict = await lint(file, importing(specifier));
          expect(verdict.restricted.length, `'${specifier}' should be refused in ${file}`).toBeGreaterThan(0);
        });
      }
      for (const specifier of accepts) {
        it(`accepts '${specifier}'`, async () => {
          const verdict = await lint(file, importing(specifier));
          expect(verdict).toEqual({ restricted: [], other: [] });
        });
      }
    });
  }

  it('keeps Node and browser globals out of shared/', async () => {
    for (const global of ['process.env.HOME', 'window.location', 'Buffer.from("x")', 'document.title']) {
      const verdict = await lint('shared/__probe__.ts', `export const value = ${global};\n`);
      expect(verdict.restricted.length, global).toBeGreaterThan(0);
    }
  });

  it('lets type-only imports of shared/ into the renderer and refuses value imports of main/ there', async () => {
    const typeOnly = await lint(
      'renderer/src/__probe__.ts',
      `import type { StrideApi } from '../shared/api/types';\nexport type Api = StrideApi;\n`,
    );
    expect(typeOnly).toEqual({ restricted: [], other: [] });
    const typeFromMain = await lint(
      'renderer/src/__probe__.ts',
      `import type { HostDeps } from '../main/host/deps';\nexport type Deps = HostDeps;\n`,
    );
    expect(typeFromMain.restricted.length).toBeGreaterThan(0);
  });

  it('flags sendSync anywhere', async () => {
    const [result] = await eslint.lintText(
      `import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer.sendSync('a');\n`,
      { filePath: 'main/electron/__probe__.ts' },
    );
    expect(result?.messages.map((m) => m.ruleId)).toContain('no-restricted-syntax');
  });
});
