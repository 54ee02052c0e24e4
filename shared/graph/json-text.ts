import type { Result } from '../api/errors';
import { fail, ok } from '../api/errors';

/**
 * Bounded JSON: hostile or broken input (a huge file, ten thousand nested brackets, a truncated write) ends as
 * one coded error, never a stack overflow or a hang. Sizes are checked before anything is parsed.
 */
export const JSON_LIMITS = {
  /** Characters of JSON text (a project is far below; MAX_PROJECT_BYTES guards the file itself). */
  maxChars: 50 * 1024 * 1024,
  /** Nesting of arrays/objects: a GraphDoc with four levels of block bodies needs about 20. */
  maxDepth: 64,
  /** Values (objects, arrays, scalars) in one document. */
  maxValues: 4_000_000,
} as const;

/** Deepest bracket nesting of JSON text, skipping strings; stops early past `limit`. */
export function jsonNestingDepth(text: string, limit: number = JSON_LIMITS.maxDepth): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i += 1;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 /* { */ || ch === 91 /* [ */) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (ch === 125 /* } */ || ch === 93 /* ] */) depth -= 1;
  }
  return deepest;
}

export function parseJsonText(text: string, what = 'the file'): Result<unknown> {
  if (text.length > JSON_LIMITS.maxChars) {
    return fail(
      'GRAPH_TOO_LARGE',
      `${what} is ${text.length} characters, over the ${JSON_LIMITS.maxChars} limit.`,
    );
  }
  if (text.trim() === '') return fail('GRAPH_NOT_JSON', `${what} is empty.`);
  const depth = jsonNestingDepth(text);
  if (depth > JSON_LIMITS.maxDepth) {
    return fail('GRAPH_TOO_DEEP', `${what} nests deeper than ${JSON_LIMITS.maxDepth} levels.`);
  }
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unreadable';
    return fail('GRAPH_NOT_JSON', `${what} is not valid JSON (${reason}).`);
  }
}

/**
 * Walks an already-parsed value without recursion and checks it against the limits (an object handed over
 * IPC or built in memory never went through parseJsonText).
 */
export function checkJsonBounds(value: unknown, what = 'the document'): Result<null> {
  const stack: [unknown, number][] = [[value, 1]];
  let count = 0;
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    count += 1;
    if (count > JSON_LIMITS.maxValues) {
      return fail('GRAPH_TOO_LARGE', `${what} holds more than ${JSON_LIMITS.maxValues} values.`);
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth > JSON_LIMITS.maxDepth) {
      return fail('GRAPH_TOO_DEEP', `${what} nests deeper than ${JSON_LIMITS.maxDepth} levels.`);
    }
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) stack.push([child, depth + 1]);
  }
  return ok(null);
}
