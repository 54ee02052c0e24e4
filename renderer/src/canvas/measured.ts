import { create } from 'zustand';
import type { Dims } from './derive';

/**
 * Node sizes as React Flow measured them in the DOM. Kept beside (not in) the document: they are view state,
 * needed so derived nodes carry `measured` (React Flow hides a node it thinks is unmeasured) and by auto-layout.
 */
interface MeasuredState {
  readonly dims: ReadonlyMap<string, Dims>;
}

export const useMeasured = create<MeasuredState>()(() => ({ dims: new Map() }));

export function recordDimensions(updates: readonly { id: string; width: number; height: number }[]): void {
  if (updates.length === 0) return;
  const current = useMeasured.getState().dims;
  let next: Map<string, Dims> | null = null;
  for (const { id, width, height } of updates) {
    const old = current.get(id);
    if (old !== undefined && old.width === width && old.height === height) continue;
    next ??= new Map(current);
    next.set(id, { width, height });
  }
  if (next !== null) useMeasured.setState({ dims: next });
}
