import { describe, expect, it } from 'vitest';
import type { ParamField } from '../../../shared/layers/types';
import { formatField, parseField } from '../../../renderer/src/inspector/fieldText';

const size: ParamField = { key: 'kernel', label: 'Kernel', type: 'size2' };
const padding: ParamField = { key: 'padding', label: 'Padding', type: 'padding' };
const shape: ParamField = { key: 'shape', label: 'Shape', type: 'shape' };
const int: ParamField = { key: 'filters', label: 'Filters', type: 'int' };

describe('inspector field text', () => {
  it('reads sizes as one int or an h×w pair', () => {
    expect(parseField(size, '3')).toEqual({ ok: true, value: 3 });
    expect(parseField(size, '3×5')).toEqual({ ok: true, value: [3, 5] });
    expect(parseField(size, '3x3')).toEqual({ ok: true, value: 3 });
    expect(parseField(size, '3,5,7').ok).toBe(false);
    expect(parseField(size, 'abc').ok).toBe(false);
  });

  it('reads padding modes, P, and four sides', () => {
    expect(parseField(padding, 'Same')).toEqual({ ok: true, value: 'same' });
    expect(parseField(padding, '2')).toEqual({ ok: true, value: 2 });
    expect(parseField(padding, '1, 1, 2, 2')).toEqual({ ok: true, value: [1, 1, 2, 2] });
    expect(parseField(padding, '1,2').ok).toBe(false);
  });

  it('reads whole numbers only for ints and shapes as lists', () => {
    expect(parseField(int, '32')).toEqual({ ok: true, value: 32 });
    expect(parseField(int, '3.5').ok).toBe(false);
    expect(parseField(int, '').ok).toBe(false);
    expect(parseField(shape, '28×28×1')).toEqual({ ok: true, value: [28, 28, 1] });
  });

  it('writes values back the way they are typed', () => {
    expect(formatField(size, [3, 5])).toBe('3×5');
    expect(formatField(padding, [1, 1, 2, 2])).toBe('1, 1, 2, 2');
    expect(formatField(shape, [224, 224, 3])).toBe('224×224×3');
  });
});
