import type { GraphDoc } from './schema';

/**
 * Where a new node goes so that it covers no other: pure geometry over node boxes (the designer passes its
 * node size). `freeSpot` searches outward from the wanted spot; `roomAfter` opens a gap in a straight chain by
 * moving the downstream part along the chain, so a spliced layer sits between its neighbours.
 */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface Point {
  readonly x: number;
  readonly y: number;
}
export interface Size {
  readonly width: number;
  readonly height: number;
}

const overlaps = (a: Box, b: Box, margin: number): boolean =>
  a.x < b.x + b.width + margin &&
  b.x < a.x + a.width + margin &&
  a.y < b.y + b.height + margin &&
  b.y < a.y + a.height + margin;

export function isFree(boxes: readonly Box[], at: Point, size: Size, margin = 16): boolean {
  const box = { ...at, ...size };
  return !boxes.some((b) => overlaps(box, b, margin));
}

/**
 * The free spot nearest `wanted` on a `step` grid (rings of growing radius, nearest first; below and to the
 * right first among equals, where a chain grows). Gives up after `maxRings` and returns the spot below
 * everything.
 */
export function freeSpot(
  boxes: readonly Box[],
  wanted: Point,
  size: Size,
  opts: { step?: number; margin?: number; maxRings?: number } = {},
): Point {
  const step = opts.step ?? 16;
  const margin = opts.margin ?? 16;
  const maxRings = opts.maxRings ?? 60;
  if (isFree(boxes, wanted, size, margin)) return wanted;
  for (let ring = 1; ring <= maxRings; ring += 1) {
    const spots: Point[] = [];
    for (let i = -ring; i <= ring; i += 1) {
      spots.push({ x: wanted.x + i * step, y: wanted.y + ring * step });
      spots.push({ x: wanted.x + i * step, y: wanted.y - ring * step });
      if (Math.abs(i) !== ring) {
        spots.push({ x: wanted.x + ring * step, y: wanted.y + i * step });
        spots.push({ x: wanted.x - ring * step, y: wanted.y + i * step });
      }
    }
    const d = (p: Point) => Math.hypot(p.x - wanted.x, p.y - wanted.y) - (p.y >= wanted.y ? 0.1 : 0);
    spots.sort((a, b) => d(a) - d(b));
    const hit = spots.find((p) => isFree(boxes, p, size, margin));
    if (hit !== undefined) return hit;
  }
  const bottom = Math.max(...boxes.map((b) => b.y + b.height), wanted.y);
  return { x: wanted.x, y: bottom + margin * 2 };
}

/** Every node reachable from `from` along wires, `from` included. */
export function downstreamOf(doc: Pick<GraphDoc, 'edges'>, from: string): Set<string> {
  const out = new Map<string, string[]>();
  for (const e of doc.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set([from]);
  const stack = [from];
  while (stack.length > 0) {
    for (const t of out.get(stack.pop() as string) ?? []) {
      if (!seen.has(t)) {
        seen.add(t);
        stack.push(t);
      }
    }
  }
  return seen;
}

/**
 * A spot for a layer spliced between `a` and `b` (ids in `doc`), and the moves that make room for it: when `b`
 * sits straight below (or right of) `a`, `b` and everything downstream of it move one node further along that
 * direction, unless that would push them onto another node; otherwise the nearest free spot between the two.
 */
export function roomBetween(
  doc: Pick<GraphDoc, 'nodes' | 'edges'>,
  a: string,
  b: string | null,
  size: Size,
  gap: { x: number; y: number },
): { at: Point; moves: Map<string, Point> } {
  const pos = new Map(doc.nodes.map((n) => [n.id, n.position]));
  const boxes = doc.nodes.map((n) => ({ ...n.position, ...size }));
  const pa = pos.get(a);
  const pb = b === null ? undefined : pos.get(b);
  if (pa === undefined) return { at: { x: 0, y: 0 }, moves: new Map() };
  const below = { x: pa.x, y: pa.y + size.height + gap.y };
  if (pb === undefined || b === null) return { at: freeSpot(boxes, below, size), moves: new Map() };
  const vertical = pb.y >= pa.y + size.height && Math.abs(pb.x - pa.x) < size.width;
  const horizontal = pb.x >= pa.x + size.width && Math.abs(pb.y - pa.y) < size.height;
  if (vertical || horizontal) {
    const at = vertical ? below : { x: pa.x + size.width + gap.x, y: pa.y };
    const delta = vertical
      ? { x: 0, y: Math.max(0, at.y + size.height + gap.y - pb.y) }
      : { x: Math.max(0, at.x + size.width + gap.x - pb.x), y: 0 };
    if (delta.x === 0 && delta.y === 0 && isFree(boxes, at, size)) return { at, moves: new Map() };
    const moving = downstreamOf(doc, b);
    const moves = new Map<string, Point>();
    for (const id of moving) {
      const p = pos.get(id);
      if (p !== undefined) moves.set(id, { x: p.x + delta.x, y: p.y + delta.y });
    }
    const staying = doc.nodes.filter((n) => !moving.has(n.id)).map((n) => ({ ...n.position, ...size }));
    const movedBoxes = [...moves.values()].map((p) => ({ ...p, ...size }));
    const clash = movedBoxes.some((m) => overlapsAny(m, staying));
    if (!clash && isFree([...staying, ...movedBoxes], at, size, 8)) return { at, moves };
  }
  const mid = { x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 };
  return { at: freeSpot(boxes, mid, size), moves: new Map() };
}

const overlapsAny = (box: Box, boxes: readonly Box[]): boolean => boxes.some((b) => overlaps(box, b, 0));
