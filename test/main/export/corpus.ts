import type { GraphDoc } from '../../../shared/graph/schema';
import { analyzeGraph } from '../../../shared/analysis/analyze';
import { presets } from '../../../shared/presets';
import { randomGraph } from '../model/random-graphs';

export interface CorpusEntry {
  readonly id: string;
  readonly doc: GraphDoc;
}

/** Every preset, then the first `randomCount` seeded random graphs the analysis accepts. */
export function exportCorpus(randomCount: number): CorpusEntry[] {
  const out: CorpusEntry[] = presets.map((p) => ({ id: p.id, doc: p.build() }));
  let found = 0;
  for (let seed = 1; found < randomCount && seed < 10_000; seed += 1) {
    const doc = randomGraph(seed);
    if (!analyzeGraph(doc).ok) continue;
    out.push({ id: `random-${seed}`, doc });
    found += 1;
  }
  return out;
}
