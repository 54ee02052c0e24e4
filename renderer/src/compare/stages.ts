import type { GraphAnalysis, Shape } from '../../../shared/analysis/types';
import type { GraphDoc } from '../../../shared/graph/schema';

/**
 * Stages of a network for a side-by-side view: a stage is what happens at one resolution, and a new one begins
 * at each layer that shrinks the feature map by a factor of 1.5 or more (a pooling, a strided convolution or
 * block) — not at a 'valid' convolution that trims a border (LeNet's 32→28 stays in the first stage). Layers
 * after the last feature map (Flatten, Dense, Softmax…) form the head. On parallel paths a layer's stage is
 * the deepest of its inputs', so branches of one block stay together. Shapes come from the analysis; nothing
 * here computes one.
 */
export interface StageLayer {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly notation: string;
  readonly outputShape: Shape | null;
  readonly params: number;
  readonly macs: number;
}

export interface Stage {
  /** 0, 1, … for feature-map stages; -1 for the head. */
  readonly level: number;
  /** "28×28" (or "32×32 → 28×28" when it trims), "head" for the head. */
  readonly resolution: string;
  readonly layers: readonly StageLayer[];
  readonly params: number;
  readonly macs: number;
}

export const DOWNSAMPLE_RATIO = 1.5;
export const HEAD = -1;

const spatial = (s: Shape | null | undefined): s is Shape => s !== null && s !== undefined && s.length === 3;

/** Each node's stage: 0, 1, … by downsamplings before it, HEAD for layers after the last feature map. */
export function stageLevels(doc: GraphDoc, analysis: GraphAnalysis): Map<string, number> {
  const inputs = new Map<string, string[]>();
  for (const e of doc.edges) {
    const list = inputs.get(e.target);
    if (list === undefined) inputs.set(e.target, [e.source]);
    else list.push(e.source);
  }
  const level = new Map<string, number>();
  const mineOf = new Map<string, number>();
  for (const id of analysis.order) {
    const a = analysis.nodes.get(id);
    if (a === undefined) continue;
    let from = 0;
    for (const s of inputs.get(id) ?? []) from = Math.max(from, level.get(s) ?? 0);
    const inShape = a.inputShapes[0];
    const out = a.outputShape;
    const shrinks =
      spatial(inShape) &&
      spatial(out) &&
      (inShape[0] as number) / Math.max(1, out[0] as number) >= DOWNSAMPLE_RATIO;
    const mine = spatial(out) || out === null ? from + (shrinks ? 1 : 0) : HEAD;
    level.set(id, mine === HEAD ? from : mine);
    mineOf.set(id, mine);
  }
  return mineOf;
}

export function stagesOf(doc: GraphDoc, analysis: GraphAnalysis): Stage[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const levels = stageLevels(doc, analysis);
  const groups = new Map<number, StageLayer[]>();
  for (const id of analysis.order) {
    const node = byId.get(id);
    const a = analysis.nodes.get(id);
    const mine = levels.get(id);
    if (node === undefined || a === undefined || mine === undefined) continue;
    const layer: StageLayer = {
      id,
      name: node.name,
      kind: node.kind,
      notation: a.notation,
      outputShape: a.outputShape,
      params: a.params.total,
      macs: a.macs,
    };
    const group = groups.get(mine);
    if (group === undefined) groups.set(mine, [layer]);
    else group.push(layer);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === HEAD ? 1 : b === HEAD ? -1 : a - b))
    .map(([lvl, layers]) => ({
      level: lvl,
      resolution: lvl === HEAD ? 'head' : resolutionOf(layers),
      layers,
      params: layers.reduce((s, l) => s + l.params, 0),
      macs: layers.reduce((s, l) => s + l.macs, 0),
    }));
}

function resolutionOf(layers: readonly StageLayer[]): string {
  const sizes = layers.map((l) => l.outputShape).filter(spatial);
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  if (first === undefined || last === undefined) return '?';
  const a = `${first[0]}×${first[1]}`;
  const b = `${last[0]}×${last[1]}`;
  return a === b ? a : `${a} → ${b}`;
}

export interface AlignedRow {
  readonly label: string;
  /** One cell per network, in the order given: its stage at this level, or null when it has none. */
  readonly cells: readonly (Stage | null)[];
}

/**
 * Rows lining up any number of networks' stages: stage k with stage k (same number of downsamplings), heads
 * last.
 */
export function alignStages(networks: readonly (readonly Stage[])[]): AlignedRow[] {
  const all = networks.flat();
  const levels = new Set<number>(all.map((s) => s.level).filter((l) => l !== HEAD));
  const rows: AlignedRow[] = [...levels]
    .sort((a, b) => a - b)
    .map((lvl) => ({
      label: lvl === 0 ? 'Input resolution' : `After ${lvl} downsampling${lvl > 1 ? 's' : ''}`,
      cells: networks.map((stages) => stages.find((s) => s.level === lvl) ?? null),
    }));
  if (all.some((s) => s.level === HEAD))
    rows.push({
      label: 'Head (vectors)',
      cells: networks.map((stages) => stages.find((s) => s.level === HEAD) ?? null),
    });
  return rows;
}
