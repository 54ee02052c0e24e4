/**
 * The lessons, in teaching order: each opens by URL (`?lesson=<id>`), from the welcome view and from a node's
 * "Explain". The views that draw them live in the renderer; this list is what links to them.
 */
export const LESSONS = [
  { id: 'conv', title: 'Convolution, step by step' },
  { id: 'pool', title: 'Pooling' },
  { id: 'softmax', title: 'Softmax and cross-entropy' },
  { id: 'sizes', title: 'Feature-map sizes' },
  { id: 'architectures', title: 'Architectures, LeNet-5 to ResNet' },
] as const satisfies readonly { readonly id: string; readonly title: string }[];

export type LessonId = (typeof LESSONS)[number]['id'];

export const lessonUrl = (id: LessonId): string => `?lesson=${id}`;
