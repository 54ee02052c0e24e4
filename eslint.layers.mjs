// The import rules that need to know where an imported file really is. A pattern on the specifier cannot:
// the same specifier (one level up, then training) names main/training from main/host/index.ts but
// main/host/training.ts from main/host/runs/store.ts.
// This rule resolves each relative import against the importing file and checks the repository path.
import { dirname, relative, resolve } from 'node:path';

/** shared/ files every shared folder may import: the vocabulary (errors, the document, shapes, configs). */
export const SHARED_VOCABULARY = [
  'shared/api/errors',
  'shared/api/training',
  'shared/graph/schema',
  'shared/analysis/types',
];

/**
 * The order of the folders of shared/, lowest first: a folder imports its own files, the vocabulary, and the
 * folders of lower rungs, never a folder of its own rung or a higher one. The command table stands alone at the
 * bottom (keys and labels, nothing of the model). The catalog knows no document edits;
 * edits and topology know no analysis; analysis knows no code generation; the contract sits above them, and the
 * teaching arithmetic (which reads run windows of the contract) on top.
 */
export const SHARED_RUNGS = [
  ['layers', 'commands'],
  ['graph'],
  ['analysis', 'presets'],
  ['codegen', 'datasets'],
  ['api'],
  ['teaching'],
];

const within = (path, prefix) => path === prefix || path.startsWith(`${prefix}/`);
const withoutExtension = (path) => path.replace(/\.(d\.ts|tsx?|mjs|cjs|js)$/, '');

/** `{from, fromExcept?, forbid, except?, allowTypeImports?, message}` entries for the shared/ order. */
export function sharedOrderBoundaries() {
  const folders = SHARED_RUNGS.flat();
  const boundaries = SHARED_RUNGS.flatMap((rung, i) =>
    rung.map((folder) => ({
      from: `shared/${folder}`,
      fromExcept: SHARED_VOCABULARY,
      forbid: folders
        .filter((other) => other !== folder && SHARED_RUNGS.findIndex((r) => r.includes(other)) >= i)
        .map((other) => `shared/${other}`),
      except: SHARED_VOCABULARY,
      message: `shared/${folder} sits on rung ${i + 1} of shared/'s order (${SHARED_RUNGS.map((r) => r.join(' + ')).join(' < ')}): it imports only lower rungs and the vocabulary (${SHARED_VOCABULARY.join(', ')}).`,
    })),
  );
  const vocabulary = SHARED_VOCABULARY.map((file) => ({
    from: file,
    forbid: ['shared'],
    except: SHARED_VOCABULARY,
    message: `${file} is vocabulary every shared/ folder may import, so it imports only zod and other vocabulary.`,
  }));
  return [...boundaries, ...vocabulary];
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Layer boundaries between folders of this repository, on resolved paths.' },
    schema: [
      {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            from: { type: 'string' },
            fromExcept: { type: 'array', items: { type: 'string' } },
            forbid: { type: 'array', items: { type: 'string' } },
            except: { type: 'array', items: { type: 'string' } },
            allowTypeImports: { type: 'boolean' },
            message: { type: 'string' },
          },
          required: ['from', 'forbid', 'message'],
          additionalProperties: false,
        },
      },
    ],
  },
  create(context) {
    const boundaries = context.options[0] ?? [];
    const root = context.cwd;
    const file = withoutExtension(relative(root, context.filename).split('\\').join('/'));
    const active = boundaries.filter(
      (b) => within(file, b.from) && !(b.fromExcept ?? []).some((e) => within(file, e)),
    );
    if (active.length === 0) return {};
    const typeOnly = (node) =>
      node.importKind === 'type' ||
      node.exportKind === 'type' ||
      (node.specifiers !== undefined &&
        node.specifiers.length > 0 &&
        node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));
    const check = (node, source) => {
      if (source === null || source === undefined || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return;
      const target = withoutExtension(
        relative(root, resolve(dirname(context.filename), spec))
          .split('\\')
          .join('/'),
      );
      for (const b of active) {
        if (b.allowTypeImports === true && typeOnly(node)) continue;
        if (!b.forbid.some((f) => within(target, f))) continue;
        if ((b.except ?? []).some((e) => within(target, e))) continue;
        context.report({ node: source, message: `${b.message} (imports ${target})` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export const layersPlugin = { rules: { boundaries: rule } };
