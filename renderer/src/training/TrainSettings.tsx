import { DEFAULT_LEARNING_RATES, OPTIMIZERS } from '../../../shared/api/training';
import { BUILT_IN_DATASETS, BUILT_IN_INFO } from '../model/core';
import { useSession } from '../store/session';
import { BackendField } from './BackendField';
import { useEffect } from 'react';
import { useEditor } from '../store/editor';
import { useRuns } from '../runs/store';
import { setField, useTrainingForm, type FormErrors } from './config';
import { CheckInput, SelectInput, TextInput } from './fields';
import { MemoryEstimate } from './MemoryEstimate';

const OPTIMIZER_LABELS: Readonly<Record<string, string>> = {
  sgd: 'SGD',
  momentum: 'SGD + momentum',
  adam: 'Adam',
  rmsprop: 'RMSProp',
  adagrad: 'Adagrad',
  adadelta: 'Adadelta',
  adamax: 'Adamax',
};

export const optimizerLabel = (name: string): string => OPTIMIZER_LABELS[name] ?? name;

const DATASETS = [
  ...BUILT_IN_DATASETS.map((value) => ({ value, label: BUILT_IN_INFO[value].label })),
  { value: 'path' as const, label: 'Folder on the host (images, IDX, CIFAR-10)…' },
];

/** The run's settings; disabled while a run trains (its settings are fixed once it starts). */
export function TrainSettings({ errors, locked }: { errors: FormErrors; locked: boolean }) {
  const datasetKind = useTrainingForm((s) => s.datasetKind);
  const optimizer = useTrainingForm((s) => s.optimizer);
  const schedule = useTrainingForm((s) => s.schedule);
  const hasTransform = useTrainingForm((s) => s.pad !== '' || s.resize !== '' || s.channels !== '');
  const mode = useSession((s) => s.mode);
  return (
    <form className="train-form" aria-label="Training settings" onSubmit={(e) => e.preventDefault()}>
      <fieldset disabled={locked} className="train-fieldset">
        <legend className="visually-hidden">Training settings</legend>
        <SelectInput field="datasetKind" label="Dataset" options={DATASETS} />
        {datasetKind === 'path' ? (
          <TextInput
            field="datasetPath"
            label="Dataset folder on the host"
            errors={errors}
            numeric={false}
            placeholder="/data/cifar-10-batches-bin"
            hint={
              mode === 'browser'
                ? 'In browser mode, a folder inside the project folder (a relative path starts there): class sub-folders of images, MNIST-style IDX files, or CIFAR-10 batches.'
                : 'A folder of class sub-folders of images, MNIST-style IDX files, or CIFAR-10 binary batches.'
            }
          />
        ) : null}
        <div className="train-row">
          <TextInput field="limit" label="Limit (images)" errors={errors} placeholder="all" />
          <TextInput field="validationPercent" label="Validation %" errors={errors} />
        </div>
        <div className="train-row">
          <SelectInput
            field="optimizer"
            label="Optimizer"
            options={OPTIMIZERS.map((o) => ({ value: o, label: OPTIMIZER_LABELS[o] ?? o }))}
          />
          <TextInput
            field="learningRate"
            label="Learning rate"
            errors={errors}
            placeholder={String(DEFAULT_LEARNING_RATES[optimizer])}
          />
        </div>
        <div className="train-row">
          <TextInput field="batchSize" label="Batch size" errors={errors} />
          <TextInput field="epochs" label="Epochs" errors={errors} />
          <TextInput field="seed" label="Seed" errors={errors} />
        </div>
        <BackendField disabled={locked} />
        <StartFromField />
        <details className="train-more" open={hasTransform}>
          <summary>Input transform</summary>
          <div className="train-row">
            <TextInput
              field="pad"
              label="Pad (pixels of zeros)"
              errors={errors}
              placeholder="none"
              hint="e.g. 2 (28×28 → 32×32, as LeNet-5 read MNIST), or top,bottom,left,right"
            />
            <TextInput field="resize" label="Resize to" errors={errors} placeholder="none" numeric={false} />
          </div>
          <SelectInput
            field="channels"
            label="Channels"
            options={[
              { value: '', label: 'As stored' },
              { value: '3', label: 'RGB (repeat gray into 3 channels)' },
              { value: '1', label: 'Gray (luma of RGB)' },
            ]}
          />
        </details>
        <details className="train-more">
          <summary>Augmentation, normalisation, schedule</summary>
          <div className="train-row">
            <TextInput field="augShift" label="Shift (fraction)" errors={errors} />
            <TextInput field="augRotate" label="Rotate (°)" errors={errors} />
          </div>
          <CheckInput field="augFlip" label="Flip horizontally" />
          <SelectInput
            field="normalize"
            label="Pixels"
            options={[
              { value: 'unit', label: 'Scale to [0, 1]' },
              { value: 'standardize', label: 'Standardise (mean 0, std 1 of the training images)' },
              { value: 'dataset', label: "Dataset's published mean and std (MNIST 0.1307 / 0.3081)" },
            ]}
          />
          <TextInput
            field="patience"
            label="Early stopping patience (epochs)"
            errors={errors}
            placeholder="off"
          />
          <SelectInput
            field="schedule"
            label="Learning-rate schedule"
            options={[
              { value: 'cosine', label: 'Cosine decay' },
              { value: 'step', label: 'Step decay' },
              { value: 'constant', label: 'Constant' },
            ]}
          />
          {schedule === 'step' ? (
            <div className="train-row">
              <TextInput field="stepEvery" label="Every (epochs)" errors={errors} />
              <TextInput field="stepFactor" label="Factor" errors={errors} />
            </div>
          ) : null}
          {schedule === 'cosine' ? (
            <TextInput field="cosineMin" label="Final learning rate" errors={errors} />
          ) : null}
        </details>
      </fieldset>
      <MemoryEstimate />
    </form>
  );
}

/**
 * "Start from": seeded weights, the imported model's weights (when the network came with them) or a finished
 * run's — matched by layer name and shape, so a replaced head starts fresh and frozen layers (the inspector's
 * Trainable) keep what they start with.
 */
function StartFromField() {
  const importId = useEditor((s) => s.doc.meta?.importId);
  const runs = useRuns((s) => s.runs);
  const value = useTrainingForm((s) => s.startFrom);
  const options = [
    { value: '', label: 'New weights (seeded)' },
    ...(importId === undefined
      ? []
      : [{ value: `import:${importId}`, label: "The imported model's weights" }]),
    ...runs
      .filter((r) => r.status === 'completed' || r.status === 'stopped')
      .slice(0, 50)
      .map((r) => ({
        value: `run:${r.runId}`,
        label: `Run ${r.name}${r.testAccuracy === null ? '' : ` (${(r.testAccuracy * 100).toFixed(1)} %)`}`,
      })),
  ];
  useEffect(() => {
    // A choice of another network (or a deleted run) falls back to seeded weights.
    if (!options.some((o) => o.value === value)) setField('startFrom', '');
  });
  return <SelectInput field="startFrom" label="Start from" options={options} />;
}
