import { isAppUrl } from './origin';

/** The parts of an IpcMainInvokeEvent the check reads (structural, so it is testable without Electron). */
export interface SenderInfo {
  readonly sender: { readonly id: number; readonly mainFrame: unknown };
  readonly senderFrame: { readonly url: string } | null;
}

/**
 * IPC is accepted only from the main frame of our own window, showing our own renderer. A frame that
 * navigated away (senderFrame null), an iframe, another webContents (DevTools, a future window we did not
 * create) or any other origin is refused.
 */
export function isTrustedSender(event: SenderInfo, trustedContentsIds: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (frame === null) return false;
  if (!trustedContentsIds.has(event.sender.id)) return false;
  if (frame !== event.sender.mainFrame) return false;
  return isAppUrl(frame.url);
}
