import { z } from 'zod';

export const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_SIZE = { width: 1440, height: 900 } as const;

/**
 * The saved bounds, if they are valid and still visible: a monitor may have been unplugged since, and a
 * window restored off-screen is a window the user cannot find. At least 100×50 px must overlap a display.
 */
export function restorableState(saved: unknown, workAreas: readonly Rect[]): WindowState | null {
  const parsed = WindowStateSchema.safeParse(saved);
  if (!parsed.success) return null;
  const state = parsed.data;
  const visible = workAreas.some((area) => {
    const overlapX = Math.min(state.x + state.width, area.x + area.width) - Math.max(state.x, area.x);
    const overlapY = Math.min(state.y + state.height, area.y + area.height) - Math.max(state.y, area.y);
    return overlapX >= 100 && overlapY >= 50;
  });
  return visible ? state : null;
}
