import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { humanIssue } from '../../../renderer/src/ui/issueText';

const issue = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('valid');
  return r.error.issues[0] as z.core.$ZodIssue;
};

describe('validation messages a user reads', () => {
  it('names the field and the bound', () => {
    expect(humanIssue(issue(z.number().int().min(1), 0), 'Filters')).toBe('Filters must be at least 1.');
    expect(humanIssue(issue(z.number().max(5), 6), 'Rate')).toBe('Rate must be at most 5.');
    expect(humanIssue(issue(z.number().gt(0), 0), 'Learning rate')).toBe(
      'Learning rate must be more than 0.',
    );
    expect(humanIssue(issue(z.number().lt(1), 1), 'Rate')).toBe('Rate must be less than 1.');
    expect(humanIssue(issue(z.number().int(), 1.5), 'Kernel')).toBe('Kernel must be a whole number.');
    expect(humanIssue(issue(z.enum(['valid', 'same']), 'x'), 'Padding')).toBe(
      'Padding must be one of valid, same.',
    );
    expect(humanIssue(issue(z.array(z.number()).min(2), [1]), 'Shape')).toBe(
      'Shape needs at least 2 values.',
    );
    expect(humanIssue(issue(z.number().multipleOf(2), 3), 'Units')).toBe('Units must be a multiple of 2.');
  });

  it('speaks for a field without naming it, scales shown values, and keeps custom messages', () => {
    expect(humanIssue(issue(z.number().min(0.05), 0))).toBe('Must be at least 0.05.');
    expect(humanIssue(issue(z.number().max(0.5), 0.9), undefined, 100)).toBe('Must be at most 50.');
    const custom = issue(
      z.number().refine((v) => v % 2 === 1, 'Use an odd kernel.'),
      2,
    );
    expect(humanIssue(custom, 'Kernel')).toBe('Use an odd kernel.');
  });
});
