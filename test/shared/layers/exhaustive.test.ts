import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { toKerasTopology } from '../../../shared/codegen/keras-topology';
import { CUSTOM_CLASS_NAMES, KERAS_CLASSES, KERAS_CLASS_NAMES } from '../../../shared/layers/keras-classes';
import { catalog } from '../../../shared/layers/registry';
import { LAYER_KINDS } from '../../../shared/layers/types';
import { presets } from '../../../shared/presets';
import { randomGraph } from '../../main/training/model/random-graphs';

/**
 * Adding a layer kind, a Keras class or an activation is a change the compiler guides: every table keyed by
 * them is exhaustive. These tests add a fake member to each union (in memory) and compile the product: the
 * files the compiler then flags are exactly the places docs/adding-a-layer.md lists, so the checklist and the
 * code cannot drift apart.
 */
const root = join(__dirname, '..', '..', '..');
const checklist = readFileSync(join(root, 'docs', 'adding-a-layer.md'), 'utf8');

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.main.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined) throw new Error('tsconfig.main.json did not parse');
  return { ...parsed.options, noEmit: true, skipLibCheck: true, incremental: false };
}

/** Every file of shared/ (the tables and all that reads the unions) and the trainer's model code. */
const ROOTS = [
  ...sourcesUnder('shared'),
  ...sourcesUnder('main/training/model'),
  join(root, 'main/training/train/compile.ts'),
];

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourcesUnder(`${dir}/${e.name}`)
      : e.name.endsWith('.ts')
        ? [join(root, dir, e.name)]
        : [],
  );
}

/**
 * One fake member per union, all in one program (a type-check of the product takes seconds): each error names
 * the member it is about (`Property 'FakeLayer2D' is missing…`, `'"FakeLayer2D"' is not assignable to 'never'`),
 * which says which change the file must follow. A kind without traits is the last probe.
 */
const FAKE = {
  kind: 'fakekind',
  kerasClass: 'FakeLayer2D',
  customClass: 'StrideFake2D',
  activation: 'fake_act',
} as const;

const addToTuple = (name: string, value: string) => (text: string) => {
  const changed = text.replace(new RegExp(`(export const ${name} = \\[\\n)`), `$1  '${value}',\n`);
  if (changed === text) throw new Error(`no ${name} tuple to extend`);
  return changed;
};

const EDITS: Readonly<Record<string, (text: string) => string>> = {
  'shared/layers/types.ts': addToTuple('LAYER_KINDS', FAKE.kind),
  'shared/layers/keras-classes.ts': (t) =>
    [
      addToTuple('KERAS_CLASS_NAMES', FAKE.kerasClass),
      addToTuple('KERAS_CLASS_NAMES', FAKE.customClass),
      addToTuple('CUSTOM_CLASS_NAMES', FAKE.customClass),
    ].reduce((text, edit) => edit(text), t),
  'shared/layers/common/params.ts': addToTuple('ACTIVATIONS', FAKE.activation),
  'shared/layers/kinds/flatten.ts': (t) => {
    const changed = t.replace(/^ {2}traits: .*\n/m, '');
    if (changed === t) throw new Error('flatten states no traits to remove');
    return changed;
  },
};

type Probe = keyof typeof FAKE | 'traits';

/** Repository file → the probes its errors are about. */
function flaggedFiles(): Map<string, Set<Probe>> {
  const edited = new Map(
    Object.entries(EDITS).map(([f, edit]) => [join(root, f), edit(readFileSync(join(root, f), 'utf8'))]),
  );
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError, create) => {
    const text = edited.get(name);
    return text !== undefined
      ? ts.createSourceFile(name, text, version, true)
      : getSourceFile(name, version, onError, create);
  };
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => edited.get(name) ?? readFile(name);
  const program = ts.createProgram(ROOTS, options, host);
  const flagged = new Map<string, Set<Probe>>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const file =
      d.file?.fileName
        .slice(root.length + 1)
        .split('\\')
        .join('/') ?? '(no file)';
    const about = (Object.keys(FAKE) as (keyof typeof FAKE)[]).filter((k) =>
      message.includes(FAKE[k]),
    ) as Probe[];
    if (file === 'shared/layers/kinds/flatten.ts' && /'traits'/.test(message)) about.push('traits');
    // An error about none of the probes is one the probes did not cause: the product must compile without them.
    if (about.length === 0) throw new Error(`${file}: ${message}`);
    const set = flagged.get(file) ?? new Set<Probe>();
    for (const a of about) set.add(a);
    flagged.set(file, set);
  }
  return flagged;
}

const filesAbout = (flagged: Map<string, Set<Probe>>, probe: Probe) =>
  [...flagged]
    .filter(([, about]) => about.has(probe))
    .map(([f]) => f)
    .sort();

describe('the compiler lists every place a new member must reach', () => {
  let flagged: Map<string, Set<Probe>>;
  beforeAll(() => {
    flagged = flaggedFiles();
  }, 240_000);

  it('every file it flags is on the checklist of docs/adding-a-layer.md', () => {
    expect(flagged.size).toBeGreaterThan(0);
    for (const f of flagged.keys()) {
      const listed = f.replace(/^shared\/layers\/kinds\/[\w-]+\.ts$/, 'shared/layers/kinds/<kind>.ts');
      expect(checklist, `${f} is flagged but not on the checklist`).toContain(listed);
    }
  });

  it('a layer kind must be in the catalog, state its traits, and say how ONNX writes it', () => {
    expect(filesAbout(flagged, 'kind')).toEqual([
      'shared/codegen/onnx/export-layers.ts',
      'shared/layers/registry.ts',
    ]);
    expect(filesAbout(flagged, 'traits')).toEqual(['shared/layers/kinds/flatten.ts']);
  });

  it('a Keras class reaches the trainer, both code exporters, the artifacts, the import and PyTorch', () => {
    expect(filesAbout(flagged, 'kerasClass')).toEqual([
      'main/training/model/build.ts',
      'shared/codegen/import/keras-layers.ts',
      'shared/codegen/keras-json.ts',
      'shared/codegen/pytorch-layers.ts',
      'shared/codegen/pytorch-scope.ts',
      'shared/codegen/tfjs-artifacts.ts',
      'shared/codegen/ts-layers.ts',
      'shared/layers/keras-classes.ts',
    ]);
  });

  it('a custom class also needs its tfjs implementation and its source in the TypeScript export', () => {
    expect(filesAbout(flagged, 'customClass')).toEqual(
      [
        ...filesAbout(flagged, 'kerasClass'),
        'main/training/model/custom-layers.ts',
        'shared/codegen/ts-custom-layers.ts',
      ].sort(),
    );
  });

  it('an activation needs its PyTorch and ONNX forms and its arithmetic in the explainer', () => {
    expect(filesAbout(flagged, 'activation')).toEqual([
      'shared/codegen/onnx/export-layers.ts',
      'shared/codegen/pytorch-layers.ts',
      'shared/teaching/activation.ts',
    ]);
  });
});

describe('the tables at run time', () => {
  it('the catalog holds exactly the kinds, and the class facts exactly the classes', () => {
    expect(Object.keys(catalog).sort()).toEqual([...LAYER_KINDS].sort());
    expect(Object.keys(KERAS_CLASSES).sort()).toEqual([...KERAS_CLASS_NAMES].sort());
    for (const c of CUSTOM_CLASS_NAMES) expect(KERAS_CLASS_NAMES).toContain(c);
  });

  it('every class is one some kind compiles to (presets and 60 random graphs of every kind), none is dead', () => {
    const seen = new Set<string>();
    const docs = [
      ...presets.map((p) => p.build()),
      ...Array.from({ length: 60 }, (_, i) => randomGraph(i + 1)),
    ];
    for (const doc of docs) {
      const topology = toKerasTopology(doc, analyzeGraph(doc));
      if (topology.ok) for (const l of topology.value.layers) seen.add(l.className);
    }
    expect([...seen].sort()).toEqual([...KERAS_CLASS_NAMES].sort());
  });
});
