import { ESLint } from 'eslint';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHARED_RUNGS, SHARED_VOCABULARY } from '../../eslint.layers.mjs';

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
    if (
      message.ruleId === 'no-restricted-imports' ||
      message.ruleId === 'no-restricted-globals' ||
      message.ruleId === 'stride/boundaries'
    )
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
    rejects: ['electron', '../../renderer/src/App', '../host/index', '../cli/index', '../web/server'],
    accepts: ['@tensorflow/tfjs', 'webgpu', 'node:worker_threads', './train/run', '../../shared/api/worker'],
  },
  // The host, the shells and the CLI reach training only through the worker process.
  {
    file: 'main/host/__probe__.ts',
    rejects: ['../training/train/run', '../training/worker'],
    accepts: ['./training', './runs/store'],
  },
  {
    file: 'main/host/runs/__probe__.ts',
    rejects: ['../../training/train/run'],
    accepts: ['../training', './store'],
  },
  {
    file: 'main/cli/commands/__probe__.ts',
    rejects: ['../../training/backends/ladder'],
    accepts: ['../../host/index', '../args'],
  },
  // The two shells share main/shell and never import each other.
  {
    file: 'main/web/__probe__.ts',
    rejects: ['../electron/window', '../training/worker'],
    accepts: ['../shell/csp', '../shell/static'],
  },
  {
    file: 'main/electron/__probe__.ts',
    rejects: ['../web/server', '../web/security', '../training/worker'],
    accepts: ['../shell/csp', '../shell/static'],
  },
  {
    file: 'main/shell/__probe__.ts',
    rejects: ['../web/server', '../electron/window'],
    accepts: ['../host/paths', 'node:fs'],
  },
  // shared/'s order: layers < graph < analysis, presets < codegen, datasets < api; the vocabulary below all.
  {
    file: 'shared/layers/kinds/__probe__.ts',
    rejects: ['../../graph/library', '../../graph/edit', '../../analysis/analyze', '../../presets/index'],
    accepts: [
      '../../graph/schema',
      '../../analysis/types',
      '../../api/errors',
      '../registry',
      '../common/body',
    ],
  },
  {
    file: 'shared/graph/__probe__.ts',
    rejects: [
      '../analysis/analyze',
      '../analysis/codes',
      '../codegen/codes',
      '../presets/index',
      '../api/contract',
    ],
    accepts: ['../layers/registry', './library', '../analysis/types', '../api/training'],
  },
  {
    file: 'shared/analysis/__probe__.ts',
    rejects: ['../codegen/codes', '../presets/index', '../datasets/fit', '../api/contract'],
    accepts: ['../graph/library', '../layers/registry', './walk'],
  },
  {
    file: 'shared/presets/__probe__.ts',
    rejects: ['../analysis/analyze', '../codegen/export'],
    accepts: ['./builder', '../graph/edit', '../layers/registry'],
  },
  {
    file: 'shared/codegen/__probe__.ts',
    rejects: ['../datasets/fit', '../api/contract', '../api/ns/project'],
    accepts: ['../analysis/analyze', '../presets/index', './import/import'],
  },
  {
    file: 'shared/api/__probe__.ts',
    rejects: ['react', '../../main/host/index'],
    accepts: ['../graph/project', '../codegen/export', './contract'],
  },
  {
    file: 'shared/api/errors.ts',
    rejects: ['./contract', '../graph/library', '../layers/registry'],
    accepts: ['zod', '../graph/schema', './training'],
  },
  // The renderer's one door to the model core.
  {
    file: 'renderer/src/training/__probe__.ts',
    rejects: [
      '../../../shared/analysis/memory',
      '../../../shared/codegen/export',
      '../../../shared/graph/edit',
      '../../../shared/layers/registry',
    ],
    accepts: ['../model/core', '../../../shared/api/client', '../../../shared/api/training'],
  },
  {
    file: 'renderer/src/model/__probe__.ts',
    rejects: ['../../../main/host/index'],
    accepts: ['../../../shared/graph/library', '../../../shared/analysis/analyze'],
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

  it('lets the renderer import types of the model core directly, its values only through model/core.ts', async () => {
    const types = await lint(
      'renderer/src/canvas/__probe__.ts',
      `import type { GraphDoc } from '../../../shared/graph/schema';\nexport type Doc = GraphDoc;\n`,
    );
    expect(types).toEqual({ restricted: [], other: [] });
    const values = await lint(
      'renderer/src/canvas/__probe__.ts',
      `import { GraphDocSchema } from '../../../shared/graph/schema';\nexport const s = GraphDocSchema;\n`,
    );
    expect(values.restricted.length).toBeGreaterThan(0);
  });

  it('checks dynamic imports and re-exports too', async () => {
    const dynamic = await lint('main/host/__probe__.ts', `export const m = import('../training/worker');\n`);
    expect(dynamic.restricted.length).toBeGreaterThan(0);
    const reexport = await lint(
      'shared/graph/__probe__.ts',
      `export { analyzeGraph } from '../analysis/analyze';\n`,
    );
    expect(reexport.restricted.length).toBeGreaterThan(0);
  });

  it('places every folder of shared/ on a rung of its order, and the vocabulary files exist', () => {
    const folders = readdirSync('shared').filter((f) => statSync(`shared/${f}`).isDirectory());
    expect([...SHARED_RUNGS.flat()].sort()).toEqual(folders.sort());
    for (const file of SHARED_VOCABULARY) expect(existsSync(`${file}.ts`), file).toBe(true);
  });

  it('flags sendSync anywhere', async () => {
    const [result] = await eslint.lintText(
      `import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer.sendSync('a');\n`,
      { filePath: 'main/electron/__probe__.ts' },
    );
    expect(result?.messages.map((m) => m.ruleId)).toContain('no-restricted-syntax');
  });
});
