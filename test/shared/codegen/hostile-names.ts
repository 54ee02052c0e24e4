import type { BlockDef, GraphDoc, GraphNode, SubGraph } from '../../../shared/graph/schema';
import { createRng } from '../../../main/training/datasets/random';

/**
 * Pieces of text that break out of, or break, a string, comment or docstring in some language: quotes and
 * triple quotes, backslash escapes (Python's `\N{` and `\x` fail to compile when malformed), comment ends,
 * template substitutions, line breaks of every kind, NUL, ESC, DEL and C1 controls, bidirectional controls,
 * lone surrogates, and ordinary non-ASCII text.
 */
export const HOSTILE_PIECES: readonly string[] = [
  '"""',
  "'''",
  '"',
  "'",
  '\\',
  '\\N{',
  '\\x',
  '\\u12',
  '\\"',
  '*/',
  '/*',
  '//',
  '#',
  '${',
  '`',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '\v',
  '\f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\u0000',
  '\u001b',
  '\u001b[31m',
  '\u007f',
  '\u009b',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\ud800',
  '\udc00',
  '😀',
  'é',
  '名前',
  '%(prog)s',
  '{}',
  '</script>',
  '+__import__("os").system("touch PWN")+',
  ' ',
  'a',
  'Z',
  '0',
  '_',
];

/** A seeded generator (mulberry32, the training data's): the same seed, the same names. */
export const seeded = (seed: number): (() => number) => createRng(seed).next;

/** A name of 1–8 hostile pieces (at most 120 characters, under the schema's name limit). */
export function hostileName(random: () => number): string {
  const count = 1 + Math.floor(random() * 8);
  let name = '';
  for (let i = 0; i < count; i += 1)
    name += HOSTILE_PIECES[Math.floor(random() * HOSTILE_PIECES.length)] as string;
  return name.slice(0, 120);
}

/**
 * `doc` with a hostile name for the graph, every node (in library and edited bodies too) and every library
 * definition, and hostile library ids (the group nodes follow). Node ids are left valid: the schema allows
 * only `[A-Za-z0-9_.:/-]` there.
 */
export function withHostileNames(doc: GraphDoc, random: () => number): GraphDoc {
  const ids = new Map<string, string>();
  for (const id of Object.keys(doc.blocks ?? {})) ids.set(id, `${hostileName(random)}#${ids.size}`);
  const node = (n: GraphNode): GraphNode => ({
    ...n,
    name: hostileName(random),
    ...(n.kind === 'group'
      ? { params: { ...n.params, blockId: ids.get(String(n.params.blockId)) ?? '' } }
      : {}),
    ...(n.body === undefined ? {} : { body: body(n.body) }),
  });
  const body = (b: SubGraph): SubGraph => ({ ...b, nodes: b.nodes.map(node) });
  const blocks: Record<string, BlockDef> = {};
  for (const [id, def] of Object.entries(doc.blocks ?? {}))
    blocks[ids.get(id) as string] = { ...def, name: hostileName(random), body: body(def.body) };
  return {
    ...doc,
    name: hostileName(random),
    nodes: doc.nodes.map(node),
    ...(doc.blocks === undefined ? {} : { blocks }),
  };
}
