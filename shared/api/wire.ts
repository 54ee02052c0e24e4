import { z } from 'zod';
import { MAX_PROJECT_BYTES } from '../graph/project';
import { StrideErrorSchema } from './errors';

/**
 * How the contract travels. Both transports carry the same three messages; only the framing differs
 * (Electron IPC channels, or JSON text frames on one WebSocket). Transports validate envelopes with these
 * schemas, and shared/api/dispatch.ts validates what is inside.
 */

/** Electron: renderer → main requests (ipcRenderer.invoke) and main → renderer events (webContents.send). */
export const IPC_INVOKE_CHANNEL = 'stride:invoke';
export const IPC_EVENT_CHANNEL = 'stride:event';

/**
 * Browser mode: the WebSocket endpoint, relative to the page (the app is served under a random path, which the
 * token cookie is scoped to; see main/web/security.ts). `/api` at the root also answers, with `?token=`.
 */
export const WS_ENDPOINT = 'api';

/**
 * The largest frame either side accepts: a project at the size limit, JSON-escaped inside an envelope
 * (escaping at most doubles ordinary text), plus headroom. Larger frames close the connection.
 */
export const MAX_MESSAGE_BYTES = 2 * MAX_PROJECT_BYTES + 1024 * 1024;

const NameSchema = z.string().min(1).max(64);

/** Electron IPC request body. */
export const InvokeMessageSchema = z.strictObject({ ns: NameSchema, method: NameSchema, input: z.unknown() });
export type InvokeMessage = z.infer<typeof InvokeMessageSchema>;

/** WebSocket request: the client picks `id` and gets it back on the response. */
export const RequestMessageSchema = z.strictObject({
  id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  ns: NameSchema,
  method: NameSchema,
  input: z.unknown(),
});
export type RequestMessage = z.infer<typeof RequestMessageSchema>;

export const ResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: StrideErrorSchema }),
]);

/** `id` is null when the request was too malformed to carry one. */
export const ResponseMessageSchema = z.object({ id: z.number().int().nullable(), result: ResultSchema });
export type ResponseMessage = z.infer<typeof ResponseMessageSchema>;

export const EventMessageSchema = z.object({ event: z.string().min(1).max(64), payload: z.unknown() });
export type EventMessage = z.infer<typeof EventMessageSchema>;

/** Anything the server sends on the WebSocket. */
export const ServerMessageSchema = z.union([ResponseMessageSchema, EventMessageSchema]);
