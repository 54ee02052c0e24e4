import { describe, expect, it } from 'vitest';
import { initialView } from '../../../renderer/src/app/startup';

describe('the first view', () => {
  it('is the welcome page when the URL opens nothing', () => {
    expect(initialView('?token=x', 'designer')).toBe('welcome');
    expect(initialView('', 'training')).toBe('welcome');
  });

  it('returns to the remembered view when the URL opens a document', () => {
    expect(initialView('?token=x&preset=lenet5', 'training')).toBe('training');
    expect(initialView('?project=%2Fa.stride.json', 'welcome')).toBe('designer');
    expect(initialView('?lesson=conv', 'compare')).toBe('compare');
  });

  it('follows the URL when it names a view or a comparison', () => {
    expect(initialView('?view=compare', 'designer')).toBe('compare');
    expect(initialView('?view=nonsense&preset=vgg16', 'designer')).toBe('designer');
    expect(initialView('?compare=vgg16,resnet50', 'designer')).toBe('compare');
  });
});
