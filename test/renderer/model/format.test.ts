import { describe, expect, it } from 'vitest';
import { plural } from '../../../renderer/src/model/format';

describe('counts with their nouns', () => {
  it('says 1 error, 0 errors, 2 errors, with thousands grouped and irregular plurals passed in', () => {
    expect(plural(1, 'error')).toBe('1 error');
    expect(plural(0, 'error')).toBe('0 errors');
    expect(plural(2, 'warning')).toBe('2 warnings');
    expect(plural(2000, 'image')).toBe('2,000 images');
    expect(plural(1, 'class', 'classes')).toBe('1 class');
    expect(plural(10, 'class', 'classes')).toBe('10 classes');
  });
});
