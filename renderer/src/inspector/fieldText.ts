import type { ParamField } from '../../../shared/layers/types';
import { humanIssue, type IssueLike } from '../ui/issueText';

/**
 * Text ⇄ parameter value for the inspector's fields. Parsing only turns text into a candidate value (or says
 * why the text is not one); whether the value is allowed is the kind's zod schema's decision.
 */
export type Parsed =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

const SEP = /\s*(?:×|x|X|,|\s)\s*/;

function parseInt10(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

function parseIntList(text: string): number[] | null {
  const parts = text
    .trim()
    .replace(/^\[|\]$/g, '')
    .split(SEP)
    .filter((p) => p !== '');
  const values = parts.map(parseInt10);
  return values.every((v): v is number => v !== null) && values.length > 0 ? values : null;
}

export function parseField(field: ParamField, text: string): Parsed {
  const t = text.trim();
  switch (field.type) {
    case 'int': {
      const n = parseInt10(t);
      return n === null ? { ok: false, error: 'Enter a whole number.' } : { ok: true, value: n };
    }
    case 'float': {
      const n = t === '' ? Number.NaN : Number(t);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: 'Enter a number.' };
    }
    case 'bool':
      return t === 'true' || t === 'false'
        ? { ok: true, value: t === 'true' }
        : { ok: false, error: 'true or false' };
    case 'enum':
      return field.options.includes(t)
        ? { ok: true, value: t }
        : { ok: false, error: `One of ${field.options.join(', ')}.` };
    case 'size2': {
      const values = parseIntList(t);
      if (values === null || values.length > 2) return { ok: false, error: 'Enter a size like 3 or 3×5.' };
      return { ok: true, value: values.length === 1 || values[0] === values[1] ? values[0] : values };
    }
    case 'padding': {
      const lower = t.toLowerCase();
      if (lower === 'valid' || lower === 'same' || lower === 'full') return { ok: true, value: lower };
      const values = parseIntList(t);
      if (values === null || (values.length !== 1 && values.length !== 4)) {
        return { ok: false, error: 'Enter valid, same, full, a number P, or top,bottom,left,right.' };
      }
      return { ok: true, value: values.length === 1 ? values[0] : values };
    }
    case 'shape': {
      const values = parseIntList(t);
      return values === null
        ? { ok: false, error: 'Enter a shape like 28×28×1.' }
        : { ok: true, value: values };
    }
  }
}

export function formatField(field: ParamField, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    return field.type === 'padding' ? value.join(', ') : value.join('×');
  }
  return String(value);
}

/** The issue about one key as a sentence naming the field ("Filters must be at least 1."), or null. */
export function issueFor(issues: readonly IssueLike[], key: string, label?: string): string | null {
  const own = issues.find((i) => i.path?.[0] === key);
  return own === undefined ? null : humanIssue(own, label);
}
