import { z } from 'zod';

/** Errors are data: every failure that reaches a user carries a stable code and, where it has one, the node. */
export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const StrideErrorSchema = z.object({
  code: z.string().min(1).max(80),
  severity: SeveritySchema,
  nodeId: z.string().nullable(),
  message: z.string(),
});
export type StrideError = z.infer<typeof StrideErrorSchema>;

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: StrideError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: string, message: string, nodeId: string | null = null): Result<never> => ({
  ok: false,
  error: { code, severity: 'error', nodeId, message: capMessage(message) },
});

/**
 * Longest error message a user is shown. Messages quote what they refuse (a key, a name, a zod issue listing
 * every unknown key); a hostile file with a million keys must not become a 10 MB error line.
 */
export const MAX_MESSAGE_CHARS = 2000;

/** `text` cut to `max` characters, saying how much was left out. */
export function capMessage(text: string, max: number = MAX_MESSAGE_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/**
 * Thrown by service implementations; the dispatcher turns it into a Result error, so the message a user sees
 * is the one written here and never a stack trace.
 */
export class StrideFailure extends Error {
  readonly code: string;
  readonly nodeId: string | null;
  constructor(code: string, message: string, nodeId: string | null = null) {
    super(capMessage(message));
    this.name = 'StrideFailure';
    this.code = code;
    this.nodeId = nodeId;
  }
  toError(): StrideError {
    return { code: this.code, severity: 'error', nodeId: this.nodeId, message: this.message };
  }
}

/** Codes used by the API layer itself (methods add their own, documented where they are thrown). */
export const ApiErrorCode = {
  badRequest: 'API_BAD_REQUEST',
  unknownMethod: 'API_UNKNOWN_METHOD',
  badResponse: 'API_BAD_RESPONSE',
  internal: 'API_INTERNAL',
  disconnected: 'API_DISCONNECTED',
} as const;

/**
 * The default of a `switch` that handles every member of a union: `value` has type never there, so a member
 * added to the union later is a compile error at each such switch, not a silent fall-through.
 */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}
