import type { BlockUse } from './plan';
import type { Shape } from '../analysis/types';
import type { NameAllocator } from './names';
import { shapeText } from '../layers/common/format';

/**
 * The helpers (TypeScript functions, PyTorch classes) printed for the document's block library: one per
 * definition, shared by all of its uses. Sameness is decided on the printed code itself (without the shape
 * comments): two uses share a helper exactly when their code is the same, so a definition whose layers
 * depend on its input beyond what the helper takes as arguments (a Residual shortcut that projects only when
 * the channels change; a PyTorch Linear after a Flatten) gets one helper per kind of input, and says so.
 */
export interface Variant<T> {
  readonly name: string;
  readonly blockId: string;
  readonly key: string;
  readonly uses: BlockUse[];
  /** What the printer kept of the first use (to print the helper once the uses are all known). */
  readonly data: T;
}

export class Definitions<T> {
  private readonly byBlock = new Map<string, Variant<T>[]>();
  private readonly byUse = new Map<BlockUse, Variant<T>>();
  /** Inner definitions before the ones using them: the order to print them in. */
  readonly order: Variant<T>[] = [];

  constructor(
    private readonly names: NameAllocator,
    private readonly baseName: (use: BlockUse) => string,
  ) {}

  /** The helper `use` calls; `render` prints it for this use (its nested uses are registered first). */
  variantOf(use: BlockUse, render: () => { readonly key: string; readonly data: T }): Variant<T> {
    const known = this.byUse.get(use);
    if (known !== undefined) return known;
    const { key, data } = render();
    const list = this.byBlock.get(use.blockId) ?? [];
    let variant = list.find((v) => v.key === key);
    if (variant === undefined) {
      variant = { name: this.names.claim(this.baseName(use)), blockId: use.blockId, key, uses: [], data };
      list.push(variant);
      this.byBlock.set(use.blockId, list);
      this.order.push(variant);
    }
    variant.uses.push(use);
    this.byUse.set(use, variant);
    return variant;
  }

  /** How many helpers the definition of `variant` needed. */
  count(variant: Variant<T>): number {
    return this.byBlock.get(variant.blockId)?.length ?? 1;
  }

  /**
   * The helper's description, in lines of at most `width` characters: a summary (the definition), then
   * `detail`, every use with its shapes, and why there are several helpers when there are. Plain text: the
   * printer escapes each line for its comment or docstring (a line break in a name is one more space).
   */
  describe(
    variant: Variant<T>,
    width: number,
    order: (s: Shape) => Shape,
    detail: string,
    several: (count: number) => string,
  ): { readonly summary: string[]; readonly body: string[] } {
    const first = variant.uses[0] as BlockUse;
    const uses = variant.uses
      .map((u) => `${u.path} (${shapeText(order(u.inputShape))} → ${shapeText(order(u.outputShape))})`)
      .join(', ');
    const count = this.count(variant);
    const body = [detail, `Used by ${uses}.`, ...(count > 1 ? [several(count)] : [])];
    return {
      summary: wrap(`Block ${variant.blockId}: ${first.notation}.`, width),
      body: body.flatMap((p) => wrap(p, width)),
    };
  }
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.replace(/[\r\n\u2028\u2029]+/g, ' ').split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `conv bn pool` → `convBnPool` (TypeScript) / `ConvBnPool` (Python): the definition's name, else its id. */
export function definitionBase(use: BlockUse, camel: (s: string) => string): string {
  const fromName = /[A-Za-z]/.test(use.definition.name) ? camel(use.definition.name) : camel(use.blockId);
  return fromName.slice(0, 40);
}
