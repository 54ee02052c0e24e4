import type { GraphAnalysis } from '../../../../shared/analysis/types';
import { gradePredictions, type NodeGrade, type Prediction, type Score } from '../../model/teaching';
import { useAnalysis } from '../../store/analysis';
import { usePredict } from './store';

/**
 * The grades of the current answers against the whole network's analysis, computed once per (analysis, answers)
 * pair however many nodes ask: every node reads its own mark from the same result.
 */
export interface Grades {
  readonly nodes: readonly NodeGrade[];
  readonly byId: ReadonlyMap<string, NodeGrade>;
  readonly score: Score;
}

let last: { model: GraphAnalysis; answers: Readonly<Record<string, Prediction>>; grades: Grades } | null =
  null;

export function gradesOf(model: GraphAnalysis, answers: Readonly<Record<string, Prediction>>): Grades {
  if (last !== null && last.model === model && last.answers === answers) return last.grades;
  const { nodes, score } = gradePredictions(model, answers);
  const grades = { nodes, score, byId: new Map(nodes.map((n) => [n.nodeId, n])) };
  last = { model, answers, grades };
  return grades;
}

export function useGrades(): Grades {
  const model = useAnalysis((s) => s.model);
  const answers = usePredict((s) => s.answers);
  return gradesOf(model, answers);
}

/** 'right' / 'wrong' for a node once answers are checked (both fields right = right), else null. */
export function usePredictMark(nodeId: string): 'right' | 'wrong' | null {
  return usePredict((s) => {
    if (!s.active || !s.checked) return null;
    const g = gradesOf(useAnalysis.getState().model, s.answers).byId.get(nodeId);
    if (g === undefined || (g.shape === 'blank' && g.params === 'blank')) return null;
    return g.shape === 'right' && g.params === 'right' ? 'right' : 'wrong';
  });
}
