import type { z } from 'zod';
import type { Contract, Events } from './contract';
import type { Result } from './errors';

export type NamespaceName = keyof Contract & string;
export type MethodName<N extends NamespaceName> = keyof Contract[N] & string;
type Def<N extends NamespaceName, M extends MethodName<N>> = Contract[N][M] extends {
  input: infer I extends z.ZodType;
  output: infer O extends z.ZodType;
}
  ? { input: I; output: O }
  : never;

/** What a caller passes (defaults not yet applied). */
export type InputOf<N extends NamespaceName, M extends MethodName<N>> = z.input<Def<N, M>['input']>;
/** What an implementation receives (validated, defaults applied). */
export type ParsedInputOf<N extends NamespaceName, M extends MethodName<N>> = z.output<Def<N, M>['input']>;
export type OutputOf<N extends NamespaceName, M extends MethodName<N>> = z.output<Def<N, M>['output']>;

export type EventName = keyof Events & string;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export type Unsubscribe = () => void;

/** `window.stride`: every method returns a Result (errors are data), plus one typed event subscription. */
export type StrideApi = {
  readonly [N in NamespaceName]: {
    readonly [M in MethodName<N>]: (input: InputOf<N, M>) => Promise<Result<OutputOf<N, M>>>;
  };
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

/** Who is calling: transports fill it after checking the sender, implementations may use it (e.g. dialogs). */
export interface CallContext {
  readonly transport: 'ipc' | 'websocket' | 'direct';
  /** Opaque handle of the calling window/connection (used to parent native dialogs). */
  readonly senderId: string;
}

/** The back end: throws StrideFailure for expected failures; the dispatcher turns throws into Result errors. */
export type HostService = {
  readonly [N in NamespaceName]: {
    readonly [M in MethodName<N>]: (input: ParsedInputOf<N, M>, ctx: CallContext) => Promise<OutputOf<N, M>>;
  };
};

/** Emits server-to-UI events; the host service receives one and never knows the transport. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
