import { z } from 'zod';
import { method } from '../define';

export const filesNamespace = {
  saveText: method(
    z.strictObject({
      suggestedName: z.string().min(1).max(255),
      text: z.string().max(50 * 1024 * 1024),
      filters: z
        .array(z.object({ name: z.string(), extensions: z.array(z.string()) }))
        .max(16)
        .default([]),
    }),
    z.object({ path: z.string() }).nullable(),
    'Save exported text (code, CSV) where the user chooses; in browser mode the renderer downloads instead.',
  ),
};
