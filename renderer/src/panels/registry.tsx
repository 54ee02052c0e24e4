import type { ComponentType } from 'react';
import { CodePanel } from './code/CodePanel';
import { ProblemsBadge, ProblemsPanel } from './ProblemsPanel';
import { SummaryPanel } from './SummaryPanel';
import { TrainingBadge, TrainingPanel } from '../training/TrainingPanel';
import { hiddenWhilePredicting } from '../teaching/predict/Hidden';
import { PredictBadge, PredictPanel } from '../teaching/predict/PredictPanel';

/**
 * The bottom panel's tabs, in order. A feature adds its tab by adding one entry here; the panel shell knows
 * nothing else about them.
 */
export interface PanelTab {
  readonly id: string;
  readonly title: string;
  readonly Panel: ComponentType;
  /** Optional count or mark next to the title (e.g. the number of problems). */
  readonly Badge?: ComponentType;
}

export const PANEL_TABS: readonly PanelTab[] = [
  { id: 'summary', title: 'Summary', Panel: hiddenWhilePredicting(SummaryPanel, 'The Summary table') },
  { id: 'problems', title: 'Problems', Panel: ProblemsPanel, Badge: ProblemsBadge },
  { id: 'code', title: 'Code', Panel: CodePanel },
  { id: 'training', title: 'Training', Panel: TrainingPanel, Badge: TrainingBadge },
  { id: 'predict', title: 'Predict', Panel: PredictPanel, Badge: PredictBadge },
];
