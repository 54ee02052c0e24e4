import { mkdtempSync, openSync, closeSync, ftruncateSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, runCli } from './run-cli';

const PRESET_IDS = [
  'lenet5',
  'mnist-keras',
  'mnist-pytorch',
  'alexnet',
  'vgg16',
  'googlenet',
  'resnet18',
  'resnet34',
  'resnet50',
];
const tmp = mkdtempSync(join(tmpdir(), 'stride-cli-'));

describe('stride presets', () => {
  it('lists at least the contract ids, as text and as JSON', () => {
    const text = runCli('presets');
    expect(text.code).toBe(0);
    for (const id of PRESET_IDS) expect(text.stdout).toContain(id);
    const json = runCli('presets', '--json');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as {
      id: string;
      year: number;
      headline: string;
      totalParams: number;
    }[];
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(PRESET_IDS));
    expect(rows.find((r) => r.id === 'mnist-keras')?.totalParams).toBe(93_322);
  });
});

describe('stride summary', () => {
  it('prints the seed 002 summary as JSON with exactly the contract fields', () => {
    const run = runCli('summary', 'preset:mnist-keras', '--json');
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(1);
    const json = JSON.parse(run.stdout) as Record<string, unknown> & { layers: Record<string, unknown>[] };
    expect(Object.keys(json).sort()).toEqual(
      [
        'diagnostics',
        'layers',
        'macs',
        'name',
        'nonTrainableParams',
        'totalParams',
        'trainableParams',
      ].sort(),
    );
    expect(Object.keys(json.layers[0] ?? {}).sort()).toEqual(
      ['id', 'kind', 'macs', 'name', 'outputShape', 'params', 'trainableParams'].sort(),
    );
    expect(json.layers.map((l) => l.params).filter((p) => p !== 0)).toEqual([
      320, 18_496, 36_928, 36_928, 650,
    ]);
    expect(json.layers.find((l) => l.id === 'flatten')?.outputShape).toEqual([576]);
    expect(json).toMatchObject({ totalParams: 93_322, trainableParams: 93_322, nonTrainableParams: 0 });
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ code: 'SHAPE_NOT_EXACT', severity: 'warning', nodeId: 'max_pooling2d_5' }),
    ]);
  });

  it('prints a Keras-style table', () => {
    const run = runCli('summary', 'preset:mnist-keras');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Layer \(type\)\s+Output Shape\s+Param #\s+Connected to/);
    expect(run.stdout).toMatch(/conv2d_4 \(Conv2D\)\s+\(None, 14, 14, 64\)\s+18496\s+\['max_pooling2d_3'\]/);
    expect(run.stdout).toContain('Total params: 93,322');
    expect(run.stdout).toContain('Non-trainable params: 0');
  });

  it('reads a project file and a bare GraphDoc, and can list the expanded primitives', () => {
    const graph = JSON.parse(readFileSync(fixture('stride-not-exact.json'), 'utf8')) as unknown;
    const project = join(tmp, 'm.stride.json');
    writeFileSync(project, JSON.stringify({ format: 'stride-project', version: 1, graph, ui: {} }));
    expect(runCli('summary', project, '--json').code).toBe(0);
    const expanded = runCli('summary', 'preset:googlenet', '--json', '--expand');
    const layers = (JSON.parse(expanded.stdout) as { layers: { id: string }[] }).layers;
    expect(layers.map((l) => l.id)).toContain('inception3a/b2/conv');
  });
});

describe('stride validate', () => {
  it.each(PRESET_IDS)('preset:%s is valid (exit 0)', (id) => {
    expect(runCli('validate', `preset:${id}`).code).toBe(0);
  });

  const table = JSON.parse(readFileSync(fixture('expected.json'), 'utf8')) as {
    file: string;
    expect: { code: string; nodeId: string | null; severity: string }[];
  }[];
  it.each(table.map((r) => [r.file, r] as const))('%s → its diagnostic code', (file, row) => {
    const run = runCli('validate', fixture(file), '--json');
    const hasError = row.expect.some((e) => e.severity === 'error');
    expect(run.code).toBe(hasError ? 1 : 0);
    const out = JSON.parse(run.stdout) as { diagnostics: { code: string; nodeId: string | null }[] };
    for (const e of row.expect)
      expect(out.diagnostics).toContainEqual(expect.objectContaining({ code: e.code, nodeId: e.nodeId }));
  });
});

describe('stride validate on malformed input: exit 1, one line, no stack, no hang', () => {
  const malformed = JSON.parse(readFileSync(fixture('malformed', 'expected.json'), 'utf8')) as {
    file: string;
    code: string;
  }[];
  const deep = join(tmp, 'deep.json');
  writeFileSync(deep, `${'['.repeat(500_000)}${']'.repeat(500_000)}`);
  const deepObject = join(tmp, 'deep-object.json');
  writeFileSync(
    deepObject,
    `{"version":1,"name":"x","nodes":[],"edges":[],"meta":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
  );
  const huge = join(tmp, 'huge.json');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, 60 * 1024 * 1024); // sparse: the size alone must be refused, unread
  closeSync(fd);
  const cases: [string, string, string][] = [
    ...malformed.map((m) => [m.file, fixture('malformed', m.file), m.code] as [string, string, string]),
    ['deeply nested arrays', deep, 'GRAPH_TOO_DEEP'],
    ['deeply nested objects', deepObject, 'GRAPH_TOO_DEEP'],
    ['a 60 MB file', huge, 'GRAPH_TOO_LARGE'],
    ['a missing file', join(tmp, 'nope.json'), 'FILE_NOT_FOUND'],
    ['a directory', tmp, 'FILE_NOT_REGULAR'],
    ['an unknown preset', 'preset:alexnet2', 'PRESET_UNKNOWN'],
  ];

  it.each(cases)('%s', (_what, path, code) => {
    const started = Date.now();
    const text = runCli('validate', path);
    expect(text.code).toBe(1);
    expect(text.lines).toHaveLength(1);
    expect(text.lines[0]).toContain(code);
    expect(`${text.stdout}${text.stderr}`).not.toMatch(/\n\s+at |Error:|node:internal/);
    const json = runCli('validate', path, '--json');
    expect(json.code).toBe(1);
    expect(json.lines).toHaveLength(1);
    expect((JSON.parse(json.stdout) as { diagnostics: { code: string }[] }).diagnostics[0]?.code).toBe(code);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('rejects bad usage in one line', () => {
    for (const args of [
      ['validate'],
      ['validate', '--bogus', 'preset:lenet5'],
      ['summary', 'a', 'b'],
      ['presets', 'x'],
    ]) {
      const run = runCli(...args);
      expect(run.code).toBe(1);
      expect(run.lines).toHaveLength(1);
    }
  });
});
