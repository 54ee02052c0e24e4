import type { Result } from '../api/errors';
import { fail, ok } from '../api/errors';

/**
 * The one guard for untrusted JSON, used by the CLI (load-model), the host (project files, uploads, every
 * WebSocket message and every API request) and the page (uploads, imports): hostile or broken input (a huge
 * file, ten thousand nested brackets, a million keys in one object, a truncated write) ends as one coded error,
 * never a stack overflow, a hang or a 10 MB error message. Text is scanned in one pass before JSON.parse sees
 * it (scanJsonText); values built elsewhere (structured clone over IPC) are walked without recursion
 * (checkJsonBounds). Expansion limits of a valid graph (block uses) live in shared/analysis, next to this.
 */
export interface JsonLimits {
  /** Characters of JSON text. */
  readonly maxChars: number;
  /** Nesting of arrays/objects. */
  readonly maxDepth: number;
  /** Values (objects, arrays, scalars) in one document. */
  readonly maxValues: number;
  /** Keys of one object (a node's params, the block library, …). */
  readonly maxKeys: number;
}

export const JSON_LIMITS: JsonLimits = {
  /** A project is far below; MAX_PROJECT_BYTES guards the file itself. */
  maxChars: 50 * 1024 * 1024,
  /** A GraphDoc with four levels of block bodies needs about 20. */
  maxDepth: 64,
  maxValues: 4_000_000,
  /** The largest legitimate object is the block library (GRAPH_LIMITS.maxBlocks, 1,000 entries). */
  maxKeys: 4_096,
};

export const JsonGuardCode = {
  tooLarge: 'GRAPH_TOO_LARGE',
  tooDeep: 'GRAPH_TOO_DEEP',
  notJson: 'GRAPH_NOT_JSON',
} as const;

const fmt = (n: number): string => n.toLocaleString('en-US');

/**
 * One pass over JSON text, before anything is parsed: its length, nesting, number of values (commas plus
 * containers: an upper bound that is exact for non-empty containers) and the keys of each object. Malformed
 * text passes here when it is within the limits: JSON.parse then reports it.
 */
export function scanJsonText(
  text: string,
  what = 'the file',
  limits: JsonLimits = JSON_LIMITS,
): Result<null> {
  if (text.length > limits.maxChars) {
    return fail(
      JsonGuardCode.tooLarge,
      `${what} is ${fmt(text.length)} characters, over the ${fmt(limits.maxChars)} limit.`,
    );
  }
  // Per open container: 1 for an object, 0 for an array, and its commas so far.
  const isObject = new Uint8Array(limits.maxDepth + 2);
  const commas = new Float64Array(limits.maxDepth + 2);
  let depth = 0;
  let values = 1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i += 1;
      else if (ch === 34 /* " */) inString = false;
      continue;
    }
    if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      depth += 1;
      if (depth > limits.maxDepth) {
        return fail(JsonGuardCode.tooDeep, `${what} nests deeper than ${limits.maxDepth} levels.`);
      }
      isObject[depth] = ch === 123 ? 1 : 0;
      commas[depth] = 0;
      values += 1;
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) {
      if (depth > 0) depth -= 1;
    } else if (ch === 44 /* , */ && depth > 0) {
      const count = (commas[depth] ?? 0) + 1;
      commas[depth] = count;
      values += 1;
      if (isObject[depth] === 1 && count + 1 > limits.maxKeys) {
        return fail(
          JsonGuardCode.tooLarge,
          `${what} has an object with more than ${fmt(limits.maxKeys)} keys (near character ${fmt(i)}).`,
        );
      }
    } else continue;
    if (values > limits.maxValues) {
      return fail(JsonGuardCode.tooLarge, `${what} holds more than ${fmt(limits.maxValues)} values.`);
    }
  }
  return ok(null);
}

/** JSON text → a value, every limit checked before JSON.parse runs. A leading byte-order mark is ignored. */
export function parseJsonText(
  text: string,
  what = 'the file',
  limits: JsonLimits = JSON_LIMITS,
): Result<unknown> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const scanned = scanJsonText(body, what, limits);
  if (!scanned.ok) return scanned;
  if (body.trim() === '') return fail(JsonGuardCode.notJson, `${what} is empty.`);
  try {
    return ok(JSON.parse(body) as unknown);
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'unreadable';
    return fail(JsonGuardCode.notJson, `${what} is not valid JSON (${reason.slice(0, 200)}).`);
  }
}

interface Pending {
  readonly value: object;
  readonly depth: number;
  readonly parent: Pending | null;
  readonly key: string;
}

const pathOf = (entry: Pending): string => {
  const parts: string[] = [];
  for (let at: Pending | null = entry; at !== null && at.parent !== null; at = at.parent) parts.push(at.key);
  return parts.reverse().join('') || 'the top level';
};

/**
 * Walks an already-parsed value without recursion and checks it against the limits (an object handed over
 * IPC or built in memory never went through scanJsonText). Refusals name where the limit was crossed.
 */
export function checkJsonBounds(
  value: unknown,
  what = 'the document',
  limits: JsonLimits = JSON_LIMITS,
): Result<null> {
  if (value === null || typeof value !== 'object') return ok(null);
  const stack: Pending[] = [{ value, depth: 1, parent: null, key: '' }];
  let count = 1;
  while (stack.length > 0) {
    const entry = stack.pop() as Pending;
    if (entry.depth > limits.maxDepth) {
      return fail(
        JsonGuardCode.tooDeep,
        `${what} nests deeper than ${limits.maxDepth} levels (at ${pathOf(entry).slice(0, 200)}).`,
      );
    }
    const container = entry.value as Record<string, unknown>;
    const array = Array.isArray(container);
    const keys = array ? null : Object.keys(container);
    if (keys !== null && keys.length > limits.maxKeys) {
      return fail(
        JsonGuardCode.tooLarge,
        `${what} has ${fmt(keys.length)} keys in one object (at ${pathOf(entry).slice(0, 200)}); the limit is ${fmt(limits.maxKeys)}.`,
      );
    }
    const size = keys === null ? (container as unknown as unknown[]).length : keys.length;
    count += size;
    if (count > limits.maxValues) {
      return fail(JsonGuardCode.tooLarge, `${what} holds more than ${fmt(limits.maxValues)} values.`);
    }
    for (let i = 0; i < size; i += 1) {
      const key = keys === null ? i : (keys[i] as string);
      const child = container[key];
      if (child !== null && typeof child === 'object') {
        stack.push({
          value: child,
          depth: entry.depth + 1,
          parent: entry,
          key: keys === null ? `[${i}]` : `.${key}`,
        });
      }
    }
  }
  return ok(null);
}
