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

export function stagesOf(doc: GraphDoc, analysis: GraphAnalysis): Stage[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const inputs = new Map<string, string[]>();
  for (const e of doc.edges) inputs.set(e.target, [...(inputs.get(e.target) ?? []), e.source]);
  const level = new Map<string, number>();
  const groups = new Map<number, StageLayer[]>();
  for (const id of analysis.order) {
    const node = byId.get(id);
    const a = analysis.nodes.get(id);
    if (node === undefined || a === undefined) continue;
    const from = Math.max(0, ...(inputs.get(id) ?? []).map((s) => level.get(s) ?? 0));
    const inShape = a.inputShapes[0];
    const out = a.outputShape;
    const shrinks =
      spatial(inShape) &&
      spatial(out) &&
      (inShape[0] as number) / Math.max(1, out[0] as number) >= DOWNSAMPLE_RATIO;
    const mine = spatial(out) || out === null ? from + (shrinks ? 1 : 0) : HEAD;
    level.set(id, mine === HEAD ? from : mine);
    const layer: StageLayer = {
      id,
      name: node.name,
      kind: node.kind,
      notation: a.notation,
      outputShape: out,
      params: a.params.total,
      macs: a.macs,
    };
    groups.set(mine, [...(groups.get(mine) ?? []), layer]);
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
  readonly left: Stage | null;
  readonly right: Stage | null;
}

/** Rows pairing the two networks' stages: stage k with stage k (same number of downsamplings), heads last. */
export function alignStages(left: readonly Stage[], right: readonly Stage[]): AlignedRow[] {
  const levels = new Set<number>([...left, ...right].map((s) => s.level).filter((l) => l !== HEAD));
  const rows: AlignedRow[] = [...levels]
    .sort((a, b) => a - b)
    .map((lvl) => ({
      label: lvl === 0 ? 'Input resolution' : `After ${lvl} downsampling${lvl > 1 ? 's' : ''}`,
      left: left.find((s) => s.level === lvl) ?? null,
      right: right.find((s) => s.level === lvl) ?? null,
    }));
  const lh = left.find((s) => s.level === HEAD) ?? null;
  const rh = right.find((s) => s.level === HEAD) ?? null;
  if (lh !== null || rh !== null) rows.push({ label: 'Head (vectors)', left: lh, right: rh });
  return rows;
}
