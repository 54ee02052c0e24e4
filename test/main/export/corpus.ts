import type { GraphDoc } from '../../../shared/graph/schema';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { presets } from '../../../shared/presets';
import { ChainBuilder } from '../../../shared/presets/builder';
import { groupNodes } from '../../../shared/graph/group';
import { randomGraph } from '../model/random-graphs';

export interface CorpusEntry {
  readonly id: string;
  readonly doc: GraphDoc;
}

/**
 * Node ids that are keywords, builtins, Object.prototype keys or names the exporters use themselves in
 * TypeScript and Python, in a
 * branching graph with a block, so every name clash the printers must avoid occurs at least once.
 */
export function awkwardNames(): GraphDoc {
  const b = new ChainBuilder()
    .add('input', 'input', { shape: [9, 9, 2] })
    .add('class', 'conv2d', { filters: 3, kernel: 2, padding: 'same' }, 'class */ "quoted"')
    .add('forward', 'avgpool2d', { size: 2, stride: 2, padding: 'same' })
    .add('x', 'residual', { variant: 'basic', width: 4, stride: 1 })
    .add('tf', 'lrn', { size: 3 })
    .add('self', 'minpool2d', { size: 2, stride: 1, padding: 'same' })
    .add('buildModel', 'inception', { c1x1: 1, c3x3reduce: 1, c3x3: 2, c5x5reduce: 1, c5x5: 1, poolProj: 1 })
    .add('training', 'batchnorm', { center: false })
    .add('F', 'globalavgpool')
    .add('__proto__', 'dropout', { rate: 0.1 })
    .add('constructor', 'activation', { activation: 'tanh' })
    .add('lambda', 'dense', { units: 3, activation: 'softmax' });
  return b.build('awkward names', '', {});
}

/** The seed Keras MNIST net with its first conv + pool grouped into a user block (the document's library). */
export function userBlock(): GraphDoc {
  const doc = presets.find((p) => p.id === 'mnist-keras')?.build() as GraphDoc;
  const grouped = groupNodes(doc, ['conv2d_3', 'max_pooling2d_3']);
  if (!grouped.ok) throw new Error(grouped.error.message);
  return { ...grouped.value.doc, name: 'MNIST with a user block' };
}

/** Every preset, an awkwardly named graph, then the first `randomCount` seeded random graphs the analysis accepts. */
export function exportCorpus(randomCount: number): CorpusEntry[] {
  const out: CorpusEntry[] = presets.map((p) => ({ id: p.id, doc: p.build() }));
  out.push({ id: 'awkward-names', doc: awkwardNames() });
  out.push({ id: 'user-block', doc: userBlock() });
  let found = 0;
  for (let seed = 1; found < randomCount && seed < 10_000; seed += 1) {
    const doc = randomGraph(seed);
    if (!analyzeGraph(doc).ok) continue;
    out.push({ id: `random-${seed}`, doc });
    found += 1;
  }
  return out;
}

export const isPreset = (id: string) => presets.some((p) => p.id === id);
