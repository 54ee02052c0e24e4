import type { Diagnostic, ExpandedEdge, NodeAnalysis, ReceptiveField } from './types';
import type { BlockLibrary, SubGraph } from '../graph/schema';
import type { Flow } from './primitive';
import type { Entry, NodeOutcome, PrimRecord, ReportAs } from './walk';
import { libraryCurrent } from './bodies';
import { blockAnalysis } from './block-outcome';

/** A block's outcome as first computed, with where it was computed (what relocation rewrites). */
interface Template {
  readonly fullId: string;
  readonly nodeId: string;
  readonly name: string;
  /** The prefix of its parts' labels in messages: '' at the top, `<label>/` inside another block. */
  readonly labelPrefix: string;
  readonly inputs: readonly Flow[];
  readonly outcome: NodeOutcome;
}

const MAX_TEMPLATES = 4096;

const labelPrefix = (report: ReportAs) => (report.partLabel === null ? '' : `${report.partLabel}/`);

/**
 * Each block body analysed once per distinct input: a library block used 16 times, inside a block used 16
 * times, walks its parts once, not 256 times; the other uses are copies of that outcome under their own ids
 * (`relocate`). A copy is linear in the block's parts, a walk runs every part's shape rules and the walks of
 * the blocks inside it.
 *
 * Keyed by the body (by identity: a library entry's, an edited one, or the one a kind generated, which the walk
 * cache shares between nodes with the same params and input shape), the nesting around it (depth and the
 * library blocks being expanded, which decide the nesting and recursion errors), the notation (it names the
 * block in its analysis) and the input shapes. The receptive field is left out of the key: it grows along a
 * chain of blocks, and every part's field is an affine function of the block's input field, so a copy maps it.
 * An entry is reused while the library entries it read are unchanged.
 */
export class BlockMemo {
  private templates = new WeakMap<SubGraph, Map<string, Template>>();
  private size = 0;

  reuse(
    body: SubGraph,
    key: string,
    blocks: BlockLibrary,
    fullId: string,
    report: ReportAs,
    inputs: readonly Flow[],
  ): NodeOutcome | null {
    const template = this.templates.get(body)?.get(key);
    if (template === undefined || !libraryCurrent(template.outcome.uses, blocks)) return null;
    const same =
      template.fullId === fullId &&
      template.nodeId === report.nodeId &&
      template.name === report.name &&
      template.labelPrefix === labelPrefix(report) &&
      template.inputs.every((f, i) => f === inputs[i]);
    return same ? template.outcome : relocate(template, fullId, report, inputs);
  }

  remember(
    body: SubGraph,
    key: string,
    fullId: string,
    report: ReportAs,
    inputs: readonly Flow[],
    outcome: NodeOutcome,
  ): void {
    if (this.size >= MAX_TEMPLATES) {
      this.templates = new WeakMap();
      this.size = 0;
    }
    let byKey = this.templates.get(body);
    if (byKey === undefined) this.templates.set(body, (byKey = new Map()));
    byKey.set(key, {
      fullId,
      nodeId: report.nodeId,
      name: report.name,
      labelPrefix: labelPrefix(report),
      inputs,
      outcome,
    });
    this.size += 1;
  }
}

/** The memo key of a block body's walk besides the body itself (see BlockMemo). */
export function blockKey(
  depth: number,
  stack: readonly string[],
  notation: string,
  inputs: readonly Flow[],
): string {
  const flows = inputs.map((f) => `${f.shape === null ? '?' : f.shape.join('x')}${f.rf === null ? '' : '@'}`);
  return `${depth}\u0000${stack.join('\u0001')}\u0000${notation}\u0000${flows.join('|')}`;
}

/**
 * Receptive fields map from the template's input field (s0, j0) to the new one (s1, j1), per axis. Inside a
 * block every field is (s + j·C, j·J) for constants C, J of the block: a window adds (K − 1)·jump to the
 * size and multiplies the jump by its stride, a merge takes the largest of each (j > 0, so the largest C
 * and J), other layers pass it on. So size' = s1 + j1·(size − s0)/j0 and jump' = j1·jump/j0, exactly in
 * integers.
 */
function rfMapper(from: Flow, to: Flow): (rf: ReceptiveField | null) => ReceptiveField | null {
  const a = from.rf;
  const b = to.rf;
  if (a === null || b === null || (a.size === b.size && a.jump === b.jump)) return (rf) => rf;
  const axis = (rf: ReceptiveField, i: 0 | 1) => ({
    size: b.size[i] + (b.jump[i] * (rf.size[i] - a.size[i])) / a.jump[i],
    jump: (b.jump[i] * rf.jump[i]) / a.jump[i],
  });
  return (rf) => {
    if (rf === null) return null;
    const h = axis(rf, 0);
    const w = axis(rf, 1);
    return { size: [h.size, w.size], jump: [h.jump, w.jump] };
  };
}

/**
 * The template's outcome as if it had been computed for the block `fullId` reported on `report`, with
 * `inputs` (the same shapes; the receptive fields may differ): part ids, names and origins, the diagnostics'
 * node, part and message prefix, the wiring, and every receptive field.
 */
function relocate(t: Template, fullId: string, report: ReportAs, inputs: readonly Flow[]): NodeOutcome {
  const cut = t.fullId.length;
  const id = (old: string) => fullId + old.slice(cut);
  const rf = rfMapper(t.inputs[0] ?? { shape: null, rf: null }, inputs[0] ?? { shape: null, rf: null });
  const prefix = labelPrefix(report);
  const moved = new Map<Diagnostic, Diagnostic>();
  const diagnostic = (d: Diagnostic): Diagnostic => {
    let m = moved.get(d);
    if (m === undefined) {
      m = {
        ...d,
        nodeId: report.nodeId,
        message: d.message.startsWith(t.labelPrefix)
          ? prefix + d.message.slice(t.labelPrefix.length)
          : d.message,
        ...(d.partId === undefined ? {} : { partId: id(d.partId) }),
      };
      moved.set(d, m);
    }
    return m;
  };
  const diagnostics = (ds: readonly Diagnostic[]) => (ds.length === 0 ? ds : ds.map(diagnostic));
  const source = t.outcome;
  const prims: PrimRecord[] = [];
  const parts: NodeAnalysis[] = [];
  for (const p of source.prims) {
    const primId = id(p.node.id);
    const analysis: NodeAnalysis = {
      ...p.analysis,
      nodeId: primId,
      receptiveField: rf(p.analysis.receptiveField),
      diagnostics: diagnostics(p.analysis.diagnostics),
    };
    prims.push({
      node: {
        ...p.node,
        id: primId,
        name: `${report.name}/${prefix}${p.node.id.slice(cut + 1)}`,
        origin: report.nodeId,
      },
      analysis,
    });
    parts.push(analysis);
  }
  const edges: ExpandedEdge[] = source.edges.map((e) => ({
    ...e,
    source: id(e.source),
    target: id(e.target),
  }));
  const entries: Entry[] = source.entries.map((e) => ({ ...e, target: id(e.target) }));
  const flow = { shape: source.flow.shape, rf: rf(source.flow.rf) };
  const a = source.analysis;
  return {
    analysis: blockAnalysis(fullId, a.kind, a.notation, inputs, parts, diagnostics(a.diagnostics), flow),
    prims,
    edges,
    entries,
    outputPrim: source.outputPrim === null ? null : id(source.outputPrim),
    flow,
    weightDepth: source.weightDepth,
    uses: source.uses,
  };
}
