import type { Shape } from '../analysis/types';
import type { GraphNode } from '../graph/schema';
import type { NameAllocator } from './names';
import type {
  BlockScope,
  BlockUse,
  Destination,
  PlannedLayer,
  PlanOptions,
  Step,
  StepComment,
  ValueRef,
} from './plan';
import { blockOfNode, GROUP_KIND, groupNotation } from '../graph/library';
import { getKind } from '../layers/registry';

/** One statement of a scope before destinations are known. */
export interface Item {
  readonly id: string;
  readonly inputs: readonly string[];
  readonly make: (inputs: readonly ValueRef[], dest: Destination) => Step;
  readonly local: string;
}

/**
 * Assigns destinations in one scope. A value rides in the running variable when it feeds only the next
 * statement and that statement takes nothing else (a plain chain); everything a branch or merge needs later
 * gets its own name, and the running variable is never overwritten while its value is still needed.
 */
export function assign(
  items: readonly Item[],
  entry: string | null,
  output: string,
  returnLast: boolean,
  names: NameAllocator,
  options: PlanOptions,
): { steps: Step[]; output: ValueRef } {
  const remaining = new Map<string, number>();
  for (const item of items) for (const i of item.inputs) remaining.set(i, (remaining.get(i) ?? 0) + 1);
  remaining.set(output, (remaining.get(output) ?? 0) + 1);
  const where = new Map<string, ValueRef>();
  let slot: string | null = entry;
  if (entry !== null) where.set(entry, { kind: 'slot' });
  const steps: Step[] = [];
  items.forEach((item, index) => {
    const inputs = item.inputs.map((i) => where.get(i) ?? { kind: 'var' as const, name: i });
    for (const i of item.inputs) remaining.set(i, (remaining.get(i) ?? 1) - 1);
    const next = items[index + 1];
    const last = index === items.length - 1;
    let dest: Destination;
    if (last && returnLast && item.id === output) dest = { kind: 'return' };
    else {
      const slotFree = slot === null || (remaining.get(slot) ?? 0) === 0;
      const chains =
        (remaining.get(item.id) ?? 0) === 1 &&
        ((next !== undefined && next.inputs.length === 1 && next.inputs[0] === item.id) ||
          (last && item.id === output));
      if (slotFree && chains) {
        dest = { kind: 'slot' };
        if (slot !== null) where.delete(slot);
        slot = item.id;
        where.set(item.id, { kind: 'slot' });
      } else {
        const name = names.claim(options.varName(item.local));
        dest = { kind: 'var', name };
        where.set(item.id, { kind: 'var', name });
      }
    }
    steps.push(item.make(inputs, dest));
  });
  return { steps, output: where.get(output) ?? { kind: 'slot' } };
}

/** The graph one level of nesting holds: the document, or a block's body (its parts' ids start `path`). */
export interface Level {
  readonly path: string;
  readonly nodes: ReadonlyMap<string, GraphNode>;
}

/** Where a run of statements is printed: buildModel/forward, an Inception/Residual helper, a user block's. */
export interface Scope {
  readonly kind: 'top' | 'helper' | 'definition';
  /** Primitive ids in the scope start with `<root>/` (comments show the rest); '' at the top. */
  readonly root: string;
  /** Layer names in the scope start with `<namePrefix>_` (variables are named from the rest). */
  readonly namePrefix: string | null;
}

export interface ScopeContext {
  readonly doc: { readonly blocks?: Parameters<typeof blockOfNode>[0] };
  readonly options: PlanOptions;
  /** Layer names that are the first layer of their primitive (they carry its comment). */
  readonly firstOfPrimitive: ReadonlySet<string>;
  /** Inception/Residual helpers in call order (filled as they are met). */
  readonly helpers: BlockScope[];
  readonly helperFacts: (node: GraphNode) => { notation: string; inputShape: Shape; outputShape: Shape };
  readonly newNames: () => NameAllocator;
}

const sanitize = (s: string) => s.replace(/[^A-Za-z0-9_]/g, '_');
const isBlockKind = (kind: string) => getKind(kind)?.expand !== undefined;

const localOf = (scope: Scope, name: string) =>
  scope.namePrefix !== null && name.startsWith(`${scope.namePrefix}_`)
    ? name.slice(scope.namePrefix.length + 1)
    : name;

/** The node of `level` a layer comes from: the primitive itself, or the block it is a part of. */
function childOf(p: PlannedLayer, level: Level): GraphNode | undefined {
  if (level.path === '') return level.nodes.get(p.nodeId);
  const rest = p.layer.primitiveId.slice(level.path.length);
  const exact = level.nodes.get(rest);
  if (exact !== undefined && !isBlockKind(exact.kind)) return exact;
  for (let i = rest.indexOf('/'); i > 0; i = rest.indexOf('/', i + 1)) {
    const node = level.nodes.get(rest.slice(0, i));
    if (node !== undefined && isBlockKind(node.kind)) return node;
  }
  return exact;
}

function bodyLevel(ctx: ScopeContext, node: GraphNode, path: string): Level {
  const body = node.kind === GROUP_KIND ? blockOfNode(ctx.doc.blocks, node)?.body : node.body;
  return { path: `${path}/`, nodes: new Map((body?.nodes ?? []).map((n) => [n.id, n])) };
}

/** The one value from outside a block that its parts read (a block has a single input). */
const externalOf = (members: readonly PlannedLayer[]): string => {
  const names = new Set(members.map((m) => m.layer.name));
  return members.flatMap((m) => m.layer.inboundNodes).find((n) => !names.has(n)) as string;
};

function comment(p: PlannedLayer, label: string, node: GraphNode | undefined): StepComment {
  const kind = getKind(p.primitive.kind);
  return {
    title: node !== undefined && node.name !== node.id ? `${label} (${node.name})` : label,
    notation: p.primitive.notation || (kind?.label ?? p.primitive.kind),
    shape: p.primitive.outputShape ?? [],
  };
}

/**
 * The prefix every layer of a user block's use is named with (`group_1` for `group_1_conv`), or null when
 * the topology had to rename one of them (a clash with another layer's name): such a use is printed inline.
 */
function usePrefix(members: readonly PlannedLayer[], path: string, parent: Scope): string | null {
  const base = sanitize(path);
  for (const prefix of [base, `l_${base}`]) {
    if (parent.namePrefix !== null && !prefix.startsWith(`${parent.namePrefix}_`)) continue;
    const fits = members.every((m) => {
      const rest = sanitize(m.layer.primitiveId.slice(path.length + 1));
      const name = m.layer.name;
      return [rest, `${rest}_pad`, `${rest}_act`].some((local) => name === `${prefix}_${local}`);
    });
    if (fits) return prefix;
  }
  return null;
}

function planUse(
  members: readonly PlannedLayer[],
  node: GraphNode,
  level: Level,
  path: string,
  parent: Scope,
  ctx: ScopeContext,
): BlockUse | null {
  const definition = blockOfNode(ctx.doc.blocks, node);
  const prefix = usePrefix(members, path, parent);
  if (definition === undefined || prefix === null) return null;
  const scope: Scope = { kind: 'definition', root: path, namePrefix: prefix };
  const items: Item[] = [];
  collectItems(members, level, scope, ctx, items);
  const inputName = externalOf(members);
  const last = members[members.length - 1] as PlannedLayer;
  const planned = assign(items, inputName, last.layer.name, true, ctx.newNames(), ctx.options);
  return {
    node,
    blockId: String(node.params.blockId),
    definition,
    path,
    prefix,
    notation: groupNotation(definition),
    inputName,
    outputName: last.layer.name,
    inputShape: (members[0] as PlannedLayer).inputShape,
    outputShape: last.outputShape,
    steps: planned.steps,
  };
}

function planHelper(
  members: readonly PlannedLayer[],
  node: GraphNode,
  level: Level,
  ctx: ScopeContext,
): Item {
  const baseName = sanitize(node.id);
  const scope: Scope = { kind: 'helper', root: node.id, namePrefix: baseName };
  const items: Item[] = [];
  collectItems(members, level, scope, ctx, items);
  const external = externalOf(members);
  const output = (members[members.length - 1] as PlannedLayer).layer.name;
  const planned = assign(items, external, output, true, ctx.newNames(), ctx.options);
  const block: BlockScope = { node, baseName, ...ctx.helperFacts(node), steps: planned.steps };
  ctx.helpers.push(block);
  return {
    id: output,
    inputs: [external],
    local: node.id,
    make: (inputs, dest) => ({ kind: 'call', block, input: inputs[0] as ValueRef, dest }),
  };
}

/**
 * The statements of one scope, in order: a primitive is one statement; at the top an Inception/Residual
 * block is a call of its own helper; a user block is a call of its definition's helper (shared by every
 * use); anything else nested (a block inside a block) is written out in place.
 */
export function collectItems(
  members: readonly PlannedLayer[],
  level: Level,
  scope: Scope,
  ctx: ScopeContext,
  out: Item[],
): void {
  let i = 0;
  while (i < members.length) {
    const p = members[i] as PlannedLayer;
    const child = childOf(p, level);
    if (child === undefined || !isBlockKind(child.kind)) {
      const label =
        scope.root === '' ? p.layer.primitiveId : p.layer.primitiveId.slice(scope.root.length + 1);
      const note = ctx.firstOfPrimitive.has(p.layer.name) ? comment(p, label, child) : null;
      out.push({
        id: p.layer.name,
        inputs: p.layer.inboundNodes,
        local: localOf(scope, p.layer.name),
        make: (inputs, dest) => ({ kind: 'layer', planned: p, inputs, dest, comment: note }),
      });
      i += 1;
      continue;
    }
    const group: PlannedLayer[] = [];
    while (i < members.length && childOf(members[i] as PlannedLayer, level) === child)
      group.push(members[i++] as PlannedLayer);
    const path = `${level.path}${child.id}`;
    const inner = bodyLevel(ctx, child, path);
    if (child.kind === GROUP_KIND) {
      const use = planUse(group, child, inner, path, scope, ctx);
      if (use !== null) {
        out.push({
          id: use.outputName,
          inputs: [use.inputName],
          local: child.id,
          make: (inputs, dest) => ({ kind: 'use', use, input: inputs[0] as ValueRef, dest }),
        });
        continue;
      }
    } else if (scope.kind === 'top') {
      out.push(planHelper(group, child, inner, ctx));
      continue;
    }
    collectItems(group, inner, scope, ctx, out);
  }
}
