import { ipcMain, type WebContents } from 'electron';
import { describeZodError, dispatch } from '../../shared/api/dispatch';
import { ApiErrorCode, fail } from '../../shared/api/errors';
import type { EventName, EventPayload, HostService } from '../../shared/api/types';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, InvokeMessageSchema } from '../../shared/api/wire';
import { isTrustedSender } from './ipc-guard';

export const senderIdOf = (contents: { id: number }): string => `wc-${contents.id}`;

/**
 * One channel carries the whole contract. Requests from anything but our own window's main frame are refused;
 * every payload goes through shared/api/dispatch.ts (zod validation in and out, coded errors).
 */
export function registerIpc(service: HostService, trusted: ReadonlySet<number>): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, message: unknown) => {
    if (!isTrustedSender(event, trusted))
      return fail('API_FORBIDDEN', 'Refused: the request did not come from the Stride window.');
    const parsed = InvokeMessageSchema.safeParse(message);
    if (!parsed.success)
      return fail(ApiErrorCode.badRequest, `Malformed request: ${describeZodError(parsed.error)}`);
    const { ns, method, input } = parsed.data;
    return dispatch(service, ns, method, input, { transport: 'ipc', senderId: senderIdOf(event.sender) });
  });
}

/** Events go to the trusted windows only. */
export function sendEvent<E extends EventName>(
  targets: Iterable<WebContents>,
  event: E,
  payload: EventPayload<E>,
): void {
  for (const contents of targets)
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { event, payload });
}
