import type { z } from 'zod';
import { checkJsonBounds } from '../graph/json-text';
import { contract } from './contract';
import type { MethodDef, Namespace } from './define';
import { ApiErrorCode, fail, ok, StrideFailure, type Result } from './errors';
import type { CallContext, HostService } from './types';

type AnyImpl = (input: unknown, ctx: CallContext) => Promise<unknown>;

/** Look a method up by untrusted names without walking the prototype chain. */
export function findMethod(ns: unknown, method: unknown): MethodDef | undefined {
  if (typeof ns !== 'string' || typeof method !== 'string') return undefined;
  if (!Object.hasOwn(contract, ns)) return undefined;
  const space: Namespace = contract[ns as keyof typeof contract];
  return Object.hasOwn(space, method) ? space[method] : undefined;
}

export function describeZodError(error: z.ZodError): string {
  const first = error.issues[0];
  if (first === undefined) return 'invalid value';
  const where = first.path.length > 0 ? first.path.join('.') : 'value';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${where}: ${first.message}${more}`;
}

/**
 * The server half of every transport: validate the request against the contract, call the service, validate
 * the answer, and turn every throw into a coded error. Transports only move bytes and check senders.
 */
export async function dispatch(
  service: HostService,
  ns: unknown,
  method: unknown,
  rawInput: unknown,
  ctx: CallContext,
): Promise<Result<unknown>> {
  const def = findMethod(ns, method);
  if (def === undefined)
    return fail(ApiErrorCode.unknownMethod, `Unknown method ${String(ns)}.${String(method)}.`);
  // Bounded before zod walks it: zod recurses, so a deep enough value would overflow the stack.
  const bounds = checkJsonBounds(rawInput, `The request to ${String(ns)}.${String(method)}`);
  if (!bounds.ok) return bounds;
  let parsed: ReturnType<typeof def.input.safeParse>;
  try {
    parsed = def.input.safeParse(rawInput);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(ApiErrorCode.badRequest, `Invalid request to ${String(ns)}.${String(method)}: ${message}`);
  }
  if (!parsed.success) {
    return fail(
      ApiErrorCode.badRequest,
      `Invalid request to ${String(ns)}.${String(method)}: ${describeZodError(parsed.error)}`,
    );
  }
  const space = service[ns as keyof HostService] as unknown as Record<string, AnyImpl>;
  const impl = space[method as string];
  if (impl === undefined)
    return fail(
      ApiErrorCode.unknownMethod,
      `${String(ns)}.${String(method)} is not implemented by this host.`,
    );
  try {
    const output = await impl.call(space, parsed.data, ctx);
    const checked = def.output.safeParse(output);
    if (!checked.success) {
      return fail(
        ApiErrorCode.badResponse,
        `The back end answered ${String(ns)}.${String(method)} with an invalid value: ${describeZodError(checked.error)}`,
      );
    }
    return ok(checked.data);
  } catch (error) {
    if (error instanceof StrideFailure) return { ok: false, error: error.toError() };
    const message = error instanceof Error ? error.message : String(error);
    return fail(ApiErrorCode.internal, `Internal error in ${String(ns)}.${String(method)}: ${message}`);
  }
}
