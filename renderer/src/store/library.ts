import { create } from 'zustand';
import type { ClipboardContent } from '../model/clipboard';

/**
 * The user's reusable blocks: named groups of layers saved from a selection, shown under "My blocks" in the
 * palette and inserted like a paste. Kept per browser profile (localStorage), not in the project file: the
 * GraphDoc schema has no block library yet (requested from the core stream).
 */
export interface SavedBlock {
  readonly id: string;
  readonly name: string;
  readonly content: ClipboardContent;
}

interface LibraryState {
  readonly blocks: readonly SavedBlock[];
}

const KEY = 'stride.blocks.v1';

function load(): readonly SavedBlock[] {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (raw == null) return [];
    const data: unknown = JSON.parse(raw);
    if (!Array.isArray(data)) return [];
    return data.filter(
      (b): b is SavedBlock =>
        typeof b === 'object' &&
        b !== null &&
        typeof (b as SavedBlock).id === 'string' &&
        typeof (b as SavedBlock).name === 'string' &&
        Array.isArray((b as SavedBlock).content?.nodes) &&
        Array.isArray((b as SavedBlock).content?.edges),
    );
  } catch {
    return [];
  }
}

export const useLibrary = create<LibraryState>()(() => ({ blocks: load() }));

useLibrary.subscribe((s) => {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(s.blocks));
  } catch {
    // Storage unavailable: the library lasts for this session only.
  }
});

export function saveBlock(name: string, content: ClipboardContent): SavedBlock {
  const block: SavedBlock = {
    id: `b${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    name,
    content,
  };
  useLibrary.setState((s) => ({ blocks: [...s.blocks, block] }));
  return block;
}

export function removeBlock(id: string): void {
  useLibrary.setState((s) => ({ blocks: s.blocks.filter((b) => b.id !== id) }));
}
