import { z } from 'zod';
import { method } from '../define';
import { GraphDocSchema } from '../../graph/schema';

/** Where an ONNX export went and how big it is. */
export const OnnxWrittenSchema = z.object({ path: z.string(), bytes: z.number().int() });

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
  exportOnnx: method(
    z.strictObject({
      graph: GraphDocSchema,
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1)
        .default(1),
    }),
    OnnxWrittenSchema.nullable(),
    'Write the graph as ONNX (opset 13, seeded initial weights) where the user chooses (null when cancelled); in browser mode (FILES_NO_DIALOG) the renderer builds the file and downloads it.',
  ),
};
