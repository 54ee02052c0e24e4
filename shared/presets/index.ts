import type { PresetInfo } from './types';
import { lenet5 } from './lenet5';
import { mnistKeras } from './mnist-keras';
import { mnistPytorch } from './mnist-pytorch';
import { alexnet, alexnetTowers } from './alexnet';
import { vgg16 } from './vgg16';
import { googlenet } from './googlenet';
import { unet } from './unet';
import { resnet18, resnet34, resnet50, resnext50 } from './resnet';
import { mobilenetV1, mobilenetV2 } from './mobilenet';
import { squeezenet11 } from './squeezenet';
import { densenet121 } from './densenet';

export type { PresetInfo, PublishedDataset, PublishedMetric, PublishedResult } from './types';
export { buildResnet, RESNET_LAYOUTS } from './resnet';

/** The networks the teaching views compare, oldest first (a variant beside its original). */
export const presets: readonly PresetInfo[] = [
  lenet5,
  mnistKeras,
  mnistPytorch,
  alexnet,
  alexnetTowers,
  vgg16,
  googlenet,
  resnet18,
  resnet34,
  resnet50,
  unet,
  squeezenet11,
  resnext50,
  densenet121,
  mobilenetV1,
  mobilenetV2,
];

export function getPreset(id: string): PresetInfo | undefined {
  return presets.find((p) => p.id === id);
}
export { accuracyOf, plottedAccuracy, publishedText, type PlottedAccuracy } from './published';
