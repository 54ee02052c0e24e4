import { create } from 'zustand';
import { humanIssue } from '../ui/issueText';
import {
  BACKENDS,
  NORMALIZATIONS,
  OPTIMIZERS,
  TrainingConfigSchema,
  type BackendChoice,
  type Normalization,
  type OptimizerName,
  type TrainingConfig,
} from '../../../shared/api/training';
import type { BuiltInDataset } from '../../../shared/datasets/builtin';
import { BUILT_IN_DATASETS } from '../model/core';
import type { InputTransform } from '../../../shared/datasets/transform';

/**
 * The Training panel's form. Fields are kept as typed text so a half-typed number is not lost; `toConfig`
 * turns them into a TrainingConfig validated by the contract's own schema, with one message per field.
 * Persisted per browser profile (the last settings are the usual next ones), never in the project or history.
 */
export type DatasetKind = BuiltInDataset | 'path';
export type ScheduleKind = 'constant' | 'step' | 'cosine';

export interface TrainingForm {
  readonly datasetKind: DatasetKind;
  readonly datasetPath: string;
  readonly limit: string;
  readonly validationPercent: string;
  readonly optimizer: OptimizerName;
  readonly learningRate: string;
  readonly batchSize: string;
  readonly epochs: string;
  readonly seed: string;
  readonly normalize: Normalization;
  /** Input transform: zeros to pad ("2", or "top,bottom,left,right"), resize ("32x32"), channels ("", "1", "3"). */
  readonly pad: string;
  readonly resize: string;
  readonly channels: '' | '1' | '3';
  readonly augShift: string;
  readonly augFlip: boolean;
  readonly augRotate: string;
  readonly backend: BackendChoice;
  readonly patience: string;
  readonly schedule: ScheduleKind;
  readonly stepEvery: string;
  readonly stepFactor: string;
  readonly cosineMin: string;
  /**
   * Where the weights start: '' seeded, 'import:<id>' the imported model's, 'run:<id>' a finished run's
   * (config.initialWeights). Not kept across sessions: it belongs to the network open now.
   */
  readonly startFrom: string;
}

export type FormField = keyof TrainingForm;
export type FormErrors = Partial<Record<FormField, string>>;

export const DEFAULT_FORM: TrainingForm = {
  datasetKind: 'mnist',
  datasetPath: '',
  limit: '',
  validationPercent: '10',
  optimizer: 'adam',
  learningRate: '',
  batchSize: '32',
  epochs: '3',
  seed: '1',
  normalize: 'unit',
  pad: '',
  resize: '',
  channels: '',
  augShift: '0',
  augFlip: false,
  augRotate: '0',
  backend: 'auto',
  patience: '',
  schedule: 'cosine',
  stepEvery: '10',
  stepFactor: '0.5',
  cosineMin: '0',
  startFrom: '',
};

const STORAGE_KEY = 'stride.training.v1';

function load(): TrainingForm {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (raw == null) return DEFAULT_FORM;
    const data: unknown = JSON.parse(raw);
    if (typeof data !== 'object' || data === null) return DEFAULT_FORM;
    const rec = data as Record<string, unknown>;
    const out: Record<string, unknown> = { ...DEFAULT_FORM };
    for (const [key, fallback] of Object.entries(DEFAULT_FORM)) {
      if (typeof rec[key] === typeof fallback) out[key] = rec[key];
    }
    const form = out as unknown as TrainingForm;
    const kinds: readonly string[] = [...BUILT_IN_DATASETS, 'path'];
    return {
      ...form,
      datasetKind: kinds.includes(form.datasetKind) ? form.datasetKind : 'mnist',
      optimizer: (OPTIMIZERS as readonly string[]).includes(form.optimizer) ? form.optimizer : 'adam',
      backend: (BACKENDS as readonly string[]).includes(form.backend) ? form.backend : 'auto',
      normalize: (NORMALIZATIONS as readonly string[]).includes(form.normalize) ? form.normalize : 'unit',
      channels: form.channels === '1' || form.channels === '3' ? form.channels : '',
      schedule: ['constant', 'step', 'cosine'].includes(form.schedule) ? form.schedule : 'cosine',
      startFrom: '',
    };
  } catch {
    return DEFAULT_FORM;
  }
}

export const useTrainingForm = create<TrainingForm>()(() => load());

export function setField<K extends FormField>(key: K, value: TrainingForm[K]): void {
  useTrainingForm.setState({ [key]: value } as Pick<TrainingForm, K>);
}

useTrainingForm.subscribe((form) => {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(form));
  } catch {
    // Storage disabled: the form simply starts from defaults next time.
  }
});

export type ConfigResult =
  | { readonly ok: true; readonly config: TrainingConfig }
  | { readonly ok: false; readonly errors: FormErrors };

const INT = /^\s*\d+\s*$/;

/** Builds the run's configuration from the form; every problem is reported on its field. */
export function toConfig(form: TrainingForm): ConfigResult {
  const errors: FormErrors = {};
  const int = (field: FormField, text: string, optional = false): number | undefined => {
    if (optional && text.trim() === '') return undefined;
    if (!INT.test(text)) {
      errors[field] = 'Enter a whole number.';
      return undefined;
    }
    return Number(text);
  };
  const num = (field: FormField, text: string, optional = false): number | undefined => {
    if (optional && text.trim() === '') return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      errors[field] = 'Enter a number.';
      return undefined;
    }
    return value;
  };
  const dataset = form.datasetKind === 'path' ? form.datasetPath.trim() : form.datasetKind;
  if (dataset === '')
    errors.datasetPath = 'Enter the path of an image folder, IDX or CIFAR-10 folder on the host.';
  const validationPercent = num('validationPercent', form.validationPercent);
  const shift = num('augShift', form.augShift) ?? 0;
  const rotate = num('augRotate', form.augRotate) ?? 0;
  const patience = int('patience', form.patience, true);
  const transform = parseTransform(form, errors);
  const candidate = {
    dataset,
    epochs: int('epochs', form.epochs),
    batchSize: int('batchSize', form.batchSize),
    optimizer: form.optimizer,
    learningRate: num('learningRate', form.learningRate, true),
    backend: form.backend,
    limit: int('limit', form.limit, true),
    seed: int('seed', form.seed),
    validationSplit: validationPercent === undefined ? undefined : validationPercent / 100,
    normalize: form.normalize,
    transform,
    augment:
      shift > 0 || rotate > 0 || form.augFlip
        ? { shift, flip: form.augFlip, rotateDegrees: rotate }
        : undefined,
    earlyStopping: patience === undefined ? undefined : { patience },
    schedule:
      form.schedule === 'step'
        ? {
            kind: 'step',
            everyEpochs: int('stepEvery', form.stepEvery),
            factor: num('stepFactor', form.stepFactor),
          }
        : form.schedule === 'cosine'
          ? { kind: 'cosine', minLearningRate: num('cosineMin', form.cosineMin) }
          : { kind: 'constant' },
    initialWeights: startFrom(form.startFrom),
  };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = TrainingConfigSchema.safeParse(stripUndefined(candidate));
  if (parsed.success) return { ok: true, config: parsed.data };
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path);
    errors[field] ??= humanIssue(issue, undefined, field === 'validationPercent' ? 100 : 1);
  }
  return { ok: false, errors };
}

/** The "Start from" choice as config.initialWeights (undefined: seeded weights). */
function startFrom(
  value: string,
): { kind: 'import'; importId: string } | { kind: 'run'; runId: string } | undefined {
  const [kind, id = ''] = value.split(/:(.*)/s);
  if (kind === 'import') return { kind: 'import', importId: id };
  if (kind === 'run') return { kind: 'run', runId: id };
  return undefined;
}

const PATH_FIELDS: Record<string, FormField> = {
  initialWeights: 'startFrom',
  dataset: 'datasetPath',
  epochs: 'epochs',
  batchSize: 'batchSize',
  learningRate: 'learningRate',
  limit: 'limit',
  seed: 'seed',
  validationSplit: 'validationPercent',
  'transform.pad': 'pad',
  'transform.resize': 'resize',
  'augment.shift': 'augShift',
  'augment.rotateDegrees': 'augRotate',
  'earlyStopping.patience': 'patience',
  'schedule.everyEpochs': 'stepEvery',
  'schedule.factor': 'stepFactor',
  'schedule.minLearningRate': 'cosineMin',
};

function fieldOf(path: readonly PropertyKey[]): FormField {
  const key = path.map(String).join('.');
  return (
    PATH_FIELDS[key] ??
    PATH_FIELDS[path.slice(0, 2).map(String).join('.')] ??
    PATH_FIELDS[String(path[0])] ??
    'epochs'
  );
}

const PAD = /^\s*\d+\s*(,\s*\d+\s*,\s*\d+\s*,\s*\d+\s*)?$/;
const SIZE = /^\s*(\d+)\s*[x×,]\s*(\d+)\s*$/i;

/** The form's transform fields as an InputTransform (undefined when all are empty); problems go on the field. */
export function parseTransform(
  form: Pick<TrainingForm, 'pad' | 'resize' | 'channels'>,
  errors: FormErrors = {},
): InputTransform | undefined {
  const out: { pad?: [number, number, number, number]; resize?: [number, number]; channels?: 1 | 3 } = {};
  if (form.pad.trim() !== '') {
    if (!PAD.test(form.pad))
      errors.pad = 'Pixels on every side ("2"), or top, bottom, left, right ("2,2,2,2").';
    else {
      const n = form.pad.split(',').map((v) => Number(v.trim()));
      out.pad = (n.length === 1 ? [n[0], n[0], n[0], n[0]] : n) as [number, number, number, number];
    }
  }
  if (form.resize.trim() !== '') {
    const m = SIZE.exec(form.resize);
    if (m === null) errors.resize = 'Height × width, e.g. 32x32.';
    else out.resize = [Number(m[1]), Number(m[2])];
  }
  if (form.channels !== '') out.channels = form.channels === '3' ? 3 : 1;
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The form fields that spell a transform (what the one-click fix of a shape mismatch sets). */
export function transformFields(
  t: InputTransform | undefined,
): Pick<TrainingForm, 'pad' | 'resize' | 'channels'> {
  const pad = t?.pad;
  return {
    pad: pad === undefined ? '' : pad.every((v) => v === pad[0]) ? String(pad[0]) : pad.join(','),
    resize: t?.resize === undefined ? '' : `${t.resize[0]}x${t.resize[1]}`,
    channels: t?.channels === undefined ? '' : t.channels === 3 ? '3' : '1',
  };
}

function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value) || typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, stripUndefined(v)]),
  );
}
