import { describe, expect, it } from 'vitest';
import { catalog, getKind, kindsByCategory, resolveParams } from '../../../shared/layers/registry';
import { LAYER_CATEGORIES, LAYER_KINDS } from '../../../shared/layers/types';

describe('layer catalog', () => {
  it('has one definition per kind, keyed by its own id', () => {
    expect(Object.keys(catalog).sort()).toEqual([...LAYER_KINDS].sort());
    for (const kind of LAYER_KINDS) expect(catalog[kind].kind).toBe(kind);
  });

  it.each(LAYER_KINDS)('%s: defaults validate, fields name real params, notation renders', (kind) => {
    const def = catalog[kind];
    const parsed = def.params.safeParse(def.defaults);
    expect(parsed.success).toBe(true);
    for (const field of def.fields) expect(Object.keys(def.defaults)).toContain(field.key);
    expect(def.notation(def.defaults as never).length).toBeGreaterThan(0);
    expect(def.label.length).toBeGreaterThan(0);
    expect(def.description.length).toBeGreaterThan(10);
    // A kind is either a primitive (rules) or a block (expansion), never both or neither.
    expect(def.expand === undefined).toBe(def.infer !== undefined && def.toKeras !== undefined);
  });

  it('groups every kind into exactly one palette category', () => {
    const grouped = LAYER_CATEGORIES.flatMap((c) => kindsByCategory[c].map((d) => d.kind));
    expect(grouped.sort()).toEqual([...LAYER_KINDS].sort());
  });

  it('looks kinds up safely', () => {
    expect(getKind('conv2d')?.label).toBe('Conv2D');
    expect(getKind('toString')).toBeUndefined();
    expect(getKind('nope')).toBeUndefined();
  });

  it('fills missing params from defaults and names the bad one', () => {
    const ok = resolveParams(catalog.conv2d, { filters: 8 });
    expect(ok.ok && ok.value).toMatchObject({ filters: 8, kernel: 3, padding: 'valid' });
    const bad = resolveParams(catalog.conv2d, { kernel: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('PARAM_INVALID');
      expect(bad.error.message).toContain('kernel');
    }
    const unknown = resolveParams(catalog.dense, { unitz: 3 });
    expect(unknown.ok).toBe(false);
    const even = resolveParams(catalog.lrn, { size: 4 });
    expect(even.ok).toBe(false);
  });

  it('writes the seeds notation', () => {
    expect(catalog.conv2d.notation({ ...catalog.conv2d.defaults, filters: 32, padding: 'same' })).toBe(
      'Conv 32@3×3 /1 same relu',
    );
    expect(catalog.maxpool2d.notation(catalog.maxpool2d.defaults)).toBe('MaxPool 2×2 /2');
    expect(catalog.dense.notation({ units: 10, activation: 'softmax', useBias: true })).toBe(
      'Dense 10 softmax',
    );
  });
});
