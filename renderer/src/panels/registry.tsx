import type { ComponentType } from 'react';
import { ComingSoon } from './ComingSoon';
import { ProblemsBadge, ProblemsPanel } from './ProblemsPanel';
import { SummaryPanel } from './SummaryPanel';
import { TrainingBadge, TrainingPanel } from '../training/TrainingPanel';

/**
 * The bottom panel's tabs, in order. A feature adds its tab by adding one entry here (the export stream
 * replaces `code`, the training UI replaces `training`); the panel shell knows nothing else about them.
 */
export interface PanelTab {
  readonly id: string;
  readonly title: string;
  readonly Panel: ComponentType;
  /** Optional count or mark next to the title (e.g. the number of problems). */
  readonly Badge?: ComponentType;
}

const CodePlaceholder = () => (
  <ComingSoon
    feature="code export"
    detail="The graph will appear here as runnable TypeScript (tfjs), PyTorch and Keras JSON."
  />
);

export const PANEL_TABS: readonly PanelTab[] = [
  { id: 'summary', title: 'Summary', Panel: SummaryPanel },
  { id: 'problems', title: 'Problems', Panel: ProblemsPanel, Badge: ProblemsBadge },
  { id: 'code', title: 'Code', Panel: CodePlaceholder },
  { id: 'training', title: 'Training', Panel: TrainingPanel, Badge: TrainingBadge },
];
