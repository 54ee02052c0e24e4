import { create } from 'zustand';

/**
 * Which tab of the training workspace shows: Train (settings, controls, live curves) or Runs (the runs list
 * and the open run). Window state, kept while other views are open.
 */
export type TrainingTab = 'train' | 'runs';

export const useTrainingTab = create<{ view: TrainingTab }>()(() => ({ view: 'train' }));

export const showTrainingView = (view: TrainingTab): void => useTrainingTab.setState({ view });
