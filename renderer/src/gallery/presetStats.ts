import { analyzeDoc, presetDoc } from '../model/core';

/** Params and MACs of a preset for its gallery card, computed once per session on first view. */
const cache = new Map<string, { params: number; macs: number } | null>();

export function presetStats(id: string): { params: number; macs: number } | null {
  if (!cache.has(id)) {
    const doc = presetDoc(id);
    if (doc === undefined) cache.set(id, null);
    else {
      const { totals } = analyzeDoc(doc);
      cache.set(id, { params: totals.params, macs: totals.macs });
    }
  }
  return cache.get(id) ?? null;
}
