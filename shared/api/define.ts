import type { z } from 'zod';

/** One request/response method of the contract. Both sides are zod schemas: types and validation in one place. */
export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly doc: string;
}

export const method = <I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  doc: string,
): MethodDef<I, O> => ({
  input,
  output,
  doc,
});

export type Namespace = Readonly<Record<string, MethodDef>>;
export type ContractShape = Readonly<Record<string, Namespace>>;
export type EventsShape = Readonly<Record<string, z.ZodType>>;
