/**
 * The renderer's door to the teaching arithmetic (shared/teaching): the lessons and explainers compute every
 * number there, in pure TypeScript the unit tests check against the lecture notes, and only draw it here.
 */
export * from '../../../shared/teaching/conv';
export * from '../../../shared/teaching/examples';
export * from '../../../shared/teaching/explain';
export * from '../../../shared/teaching/grid';
export * from '../../../shared/teaching/history';
export * from '../../../shared/teaching/im2col';
export * from '../../../shared/teaching/lessons';
export * from '../../../shared/teaching/pool';
export * from '../../../shared/teaching/predict';
export * from '../../../shared/teaching/run-window';
export * from '../../../shared/teaching/sample';
export * from '../../../shared/teaching/sizes';
export * from '../../../shared/teaching/softmax';
export { kindLabel } from '../../../shared/analysis/summary';
export { getPreset, presets, publishedText } from '../../../shared/presets/index';
