import { z } from 'zod';
import { method } from '../define';

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the back end runs: the renderer never needs to know, but About and diagnostics show it. */
  mode: z.enum(['electron', 'browser', 'test']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const appNamespace = {
  info: method(z.strictObject({}), AppInfoSchema, 'Name, version and how the back end is hosted.'),
};
