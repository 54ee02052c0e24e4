import type { NodeAnalysis } from '../../../shared/analysis/types';
import type { GraphNode } from '../../../shared/graph/schema';
import { explainNode, type ExplainTarget } from '../model/teaching';
import { lessonTitle } from '../model/teaching';
import { useEditor } from '../store/editor';
import { explain } from './store';
import { plural } from '../model/format';
import { TrainedWindow } from './TrainedWindow';

/**
 * "Explain this layer" in the inspector: the matching lesson, filled with this node's real sizes. For a
 * convolution or pooling that a finished run of this network trained, at the top level or inside a block, the
 * lesson can also use that run's trained weights and a real test image (TrainedWindow).
 */
export function ExplainButton({ node, analysis }: { node: GraphNode; analysis: NodeAnalysis }) {
  const target = explainNode(node, analysis);
  const scope = useEditor((s) => s.scope);
  const windowed = target.lesson === 'conv' || target.lesson === 'pool';
  return (
    <div className="inspector-section">
      <h3 className="section-title">Teaching</h3>
      <button type="button" onClick={() => explain(target)} data-testid="explain-layer">
        Explain this layer
      </button>
      <p className="muted small">{describe(target)}</p>
      {windowed ? (
        <TrainedWindow layerId={[...scope, node.id].join('/')} outputShape={analysis.outputShape} />
      ) : null}
    </div>
  );
}

function describe(t: ExplainTarget): string {
  const lesson = lessonTitle(t.lesson);
  switch (t.lesson) {
    case 'conv': {
      const { inputShape, filters, groups, kernel } = t.setup;
      const split =
        groups === 1 ? '' : groups === inputShape[2] ? ', one group per channel' : ` in ${groups} groups`;
      return `${lesson} with this layer’s ${inputShape.join('×')} input and ${plural(filters, 'filter')} of ${kernel.join('×')}×${inputShape[2] / groups}${split}.`;
    }
    case 'pool':
      return `${lesson} with this layer’s window, stride and padding.`;
    case 'softmax':
      return `${lesson} with this layer’s ${plural(t.setup.classes, 'class', 'classes')}.`;
    case 'sizes':
      return `${lesson}: this layer’s output size worked out.`;
    default: {
      const never: never = t;
      return never;
    }
  }
}
