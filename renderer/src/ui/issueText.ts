/**
 * Validation issues (zod's) as sentences a user reads: "Filters must be at least 1." instead of "Too small:
 * expected number to be >=1". Messages the schemas wrote themselves (custom refinements) are kept as written.
 */
export interface IssueLike {
  readonly code?: string;
  readonly message: string;
  readonly path?: readonly PropertyKey[];
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly divisor?: number | bigint;
}

const EXPECTED: Readonly<Record<string, string>> = {
  int: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of settings',
};

/** `scale` turns a stored bound back into what the field shows (a fraction shown as a percentage). */
export function humanIssue(issue: IssueLike, label?: string, scale = 1): string {
  // "Filters must be at least 1." with a label; "Must be at least 1." under a field that is its own label.
  const say = (rest: string): string =>
    label === undefined || label === ''
      ? `${rest.charAt(0).toUpperCase()}${rest.slice(1)}`
      : `${label} ${rest}`;
  const n = (v: number | bigint | undefined) => (v === undefined ? '?' : Number(v) * scale);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'set')
        return say(`needs at least ${n(issue.minimum)} value${Number(issue.minimum) === 1 ? '' : 's'}.`);
      if (issue.origin === 'string') return say(`cannot be empty.`);
      return issue.inclusive === false
        ? say(`must be more than ${n(issue.minimum)}.`)
        : say(`must be at least ${n(issue.minimum)}.`);
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'set')
        return say(`takes at most ${n(issue.maximum)} value${Number(issue.maximum) === 1 ? '' : 's'}.`);
      if (issue.origin === 'string') return say(`is too long (at most ${n(issue.maximum)} characters).`);
      return issue.inclusive === false
        ? say(`must be less than ${n(issue.maximum)}.`)
        : say(`must be at most ${n(issue.maximum)}.`);
    case 'invalid_type':
      return say(`must be ${EXPECTED[issue.expected ?? ''] ?? issue.expected ?? 'something else'}.`);
    case 'invalid_value':
      return issue.values !== undefined && issue.values.length > 0
        ? say(`must be one of ${issue.values.map(String).join(', ')}.`)
        : say(`has a value that is not allowed.`);
    case 'not_multiple_of':
      return say(`must be a multiple of ${n(issue.divisor)}.`);
    default:
      return issue.message;
  }
}
