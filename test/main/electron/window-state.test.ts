import { describe, expect, it } from 'vitest';
import { restorableState } from '../../../main/electron/window-state';

const screen = [{ x: 0, y: 0, width: 1920, height: 1040 }];

describe('saved window bounds', () => {
  it('restores bounds that are on a display', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 800, maximized: true };
    expect(restorableState(saved, screen)).toEqual(saved);
  });

  it('drops bounds that would open off-screen (monitor unplugged) or are invalid', () => {
    expect(restorableState({ x: 2500, y: 0, width: 1200, height: 800 }, screen)).toBeNull();
    expect(restorableState({ x: 1880, y: 0, width: 1200, height: 800 }, screen)).toBeNull();
    expect(restorableState({ x: 0, y: 0, width: 10, height: 10 }, screen)).toBeNull();
    expect(restorableState('garbage', screen)).toBeNull();
    expect(restorableState({ x: 0, y: 0, width: 1200, height: 800 }, [])).toBeNull();
  });

  it('defaults maximized to false', () => {
    expect(restorableState({ x: 0, y: 0, width: 1200, height: 800 }, screen)?.maximized).toBe(false);
  });
});
