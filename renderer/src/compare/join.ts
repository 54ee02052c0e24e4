/**
 * Puts several curves with their own x values on one x axis (what uPlot needs to overlay them): the union of
 * all x values, sorted, and each curve's y where it has a point, null elsewhere (drawn across with spanGaps).
 */
export interface Curve {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number | null>;
}

export function joinCurves(curves: readonly Curve[]): [number[], ...(number | null)[][]] {
  const xs = new Set<number>();
  for (const c of curves) for (let i = 0; i < c.x.length; i += 1) xs.add(c.x[i] as number);
  const x = [...xs].sort((a, b) => a - b);
  const at = new Map(x.map((v, i) => [v, i]));
  const ys = curves.map((c) => {
    const y: (number | null)[] = new Array<number | null>(x.length).fill(null);
    for (let i = 0; i < c.x.length; i += 1) {
      const v = c.y[i];
      const j = at.get(c.x[i] as number);
      if (j !== undefined && v !== undefined && v !== null && Number.isFinite(v)) y[j] = v;
    }
    return y;
  });
  return [x, ...ys];
}
