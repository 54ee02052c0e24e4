import type { BlockLibrary, GraphNode } from '../graph/schema';
import type { Flow } from './primitive';
import type { NodeOutcome, WalkCache } from './walk';
import { newWalkCache, processNode } from './walk';
import { libraryCurrent } from './bodies';

interface MemoEntry {
  readonly node: GraphNode;
  readonly key: string | null;
  readonly inputSig: string;
  readonly flows: readonly Flow[];
  readonly outcome: NodeOutcome;
}

const sameFlows = (a: readonly Flow[], b: readonly Flow[]) =>
  a.length === b.length && a.every((f, i) => f === b[i]);

const flowSig = (flows: readonly Flow[]) =>
  flows
    .map((f) =>
      f.shape === null
        ? '?'
        : `${f.shape.join('x')}@${f.rf === null ? '' : `${f.rf.size.join(',')};${f.rf.jump.join(',')}`}`,
    )
    .join('|');

/** The node as a value: what its analysis depends on besides its inputs. */
const valueKey = (node: GraphNode) =>
  `${node.kind}\u0000${node.name}\u0000${JSON.stringify(node.params)}\u0000${node.body === undefined ? '' : JSON.stringify(node.body)}\u0000${node.trainable === false ? 'frozen' : ''}`;

/**
 * Per-node memo: a node's outcome is reused while (the node — by identity, else by value — the shapes and
 * receptive fields flowing into it, and the library entries its user blocks read) are unchanged.
 */
export class NodeMemo {
  private readonly entries = new Map<string, MemoEntry>();
  private readonly walkCache: WalkCache = newWalkCache();

  outcome(node: GraphNode, flows: readonly Flow[], blocks: BlockLibrary): NodeOutcome {
    const found = this.entries.get(node.id);
    const hit = found !== undefined && libraryCurrent(found.outcome.uses, blocks) ? found : undefined;
    // Fast path: the same node object fed by the very same upstream flows.
    if (hit !== undefined && hit.node === node && sameFlows(hit.flows, flows)) return hit.outcome;
    const inputSig = flowSig(flows);
    if (hit !== undefined && hit.inputSig === inputSig) {
      if (hit.node === node) {
        this.entries.set(node.id, { ...hit, flows });
        return hit.outcome;
      }
      const key = valueKey(node);
      if ((hit.key ?? valueKey(hit.node)) === key) {
        this.entries.set(node.id, { ...hit, node, key, flows });
        return hit.outcome;
      }
    }
    const report = { nodeId: node.id, name: node.name, partLabel: null };
    const outcome = processNode(node, node.id, flows, report, { cache: this.walkCache, blocks });
    this.entries.set(node.id, { node, key: null, inputSig, flows, outcome });
    return outcome;
  }

  /** Forgets nodes that left the document. */
  prune(keep: ReadonlySet<string>): void {
    if (this.entries.size <= keep.size * 2 + 64) return;
    for (const id of this.entries.keys()) if (!keep.has(id)) this.entries.delete(id);
  }
}
