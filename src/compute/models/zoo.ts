/** Build a model by kind from one flat options object (for CLIs and configs). */
import { mlp } from './mlp.js';
import { resnet } from './resnet.js';
import { vgg } from './vgg.js';
import type { Model } from './params.js';
import type { ConvGradient } from './conv.js';

export const MODEL_KINDS = ['mlp', 'resnet', 'vgg'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface ZooOptions {
  inputShape: [number, number, number];
  numClasses: number;
  /** mlp: hidden widths; vgg: hidden dense widths. */
  hidden?: number[];
  /** resnet */
  depth?: number;
  width?: number;
  baseWidth?: number;
  shortcut?: boolean;
  /** vgg */
  stages?: number[][];
  convGradient?: ConvGradient;
}

export function buildModel(kind: ModelKind, o: ZooOptions): Model {
  switch (kind) {
    case 'mlp':
      return mlp({ inputShape: o.inputShape, hidden: o.hidden ?? [512, 512], numClasses: o.numClasses });
    case 'resnet':
      return resnet({ inputShape: o.inputShape, numClasses: o.numClasses, depth: o.depth ?? 20, width: o.width, baseWidth: o.baseWidth, shortcut: o.shortcut, convGradient: o.convGradient });
    case 'vgg':
      return vgg({ inputShape: o.inputShape, numClasses: o.numClasses, stages: o.stages, convGradient: o.convGradient });
  }
}
