/**
 * The lessons, in the order a course meets them. `?lesson=<id>` opens one (a syllabus can link it); the gallery
 * and the welcome view list them from here. The arithmetic each one draws lives beside this file.
 */
export const LESSON_IDS = ['conv', 'pool', 'softmax', 'sizes', 'architectures', 'activations'] as const;
export type LessonId = (typeof LESSON_IDS)[number];

export interface Lesson {
  readonly id: LessonId;
  readonly title: string;
  /** One line for a lesson list. */
  readonly summary: string;
}

export const lessons: readonly Lesson[] = [
  {
    id: 'conv',
    title: 'Convolution, step by step',
    summary:
      'Slide a filter over an input: every multiply-add written out, padding, stride, dilation, im2col.',
  },
  {
    id: 'pool',
    title: 'Pooling',
    summary: 'Max, average and min pooling over each window; no weights, the channel count unchanged.',
  },
  {
    id: 'softmax',
    title: 'Softmax and cross-entropy',
    summary: 'Logits → probabilities → loss for the true class, and how the gradient moves the logits.',
  },
  {
    id: 'sizes',
    title: 'Feature-map sizes',
    summary: 'O = (H + 2P − FH)/S + 1 worked out, with the strides that do and do not fit.',
  },
  {
    id: 'architectures',
    title: 'Architecture history',
    summary: 'LeNet-5 → AlexNet → VGG-16 → GoogLeNet → ResNet: size, cost, published result, the idea.',
  },
  {
    id: 'activations',
    title: 'Activations of a trained network',
    summary:
      'Every layer’s feature maps for one test image of a run; click a pixel to see how it was computed.',
  },
];

export const isLessonId = (value: string | null | undefined): value is LessonId =>
  (LESSON_IDS as readonly string[]).includes(value ?? '');

export const lessonTitle = (id: LessonId): string => lessons.find((l) => l.id === id)?.title ?? id;
