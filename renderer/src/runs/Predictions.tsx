import { useMemo } from 'react';
import type { Evaluation, TestImage } from '../../../shared/api/runs';
import { formatPercent } from '../training/progress';
import { PixelCanvas } from './PixelCanvas';
import { imageToRgba } from './pixels';
import { useResult } from './useResult';

/**
 * Sample predictions: the first test images and the first mistakes, each with every class's probability as a
 * bar (the prediction filled, the true class outlined). Choosing an image shows its feature maps.
 */
export function Predictions({
  runId,
  evaluation,
  onPick,
}: {
  runId: string;
  evaluation: Evaluation;
  onPick: (index: number) => void;
}) {
  const samples = evaluation.samples;
  const indices = samples.map((s) => s.index).slice(0, 256);
  const key = indices.length === 0 ? null : `${runId}:samples`;
  const images = useResult(key, (api) => api.runs.testImages({ runId, indices }));
  const byIndex = useMemo(
    () => new Map((images.value?.images ?? []).map((img) => [img.index, img] as const)),
    [images.value],
  );
  if (samples.length === 0) return <p className="muted">This run kept no sample predictions.</p>;
  const mistakes = samples.filter((s) => s.predicted !== s.label).length;
  return (
    <div className="predictions">
      <p className="muted">
        {samples.length} test images ({mistakes} of them mistakes) with the probability of every class.
      </p>
      {images.error !== null ? (
        <p className="field-error" role="alert">
          {images.error.message} ({images.error.code})
        </p>
      ) : null}
      <ul className="prediction-grid" aria-label="Sample predictions">
        {samples.map((s) => (
          <li key={s.index} className={s.predicted === s.label ? 'prediction' : 'prediction prediction-miss'}>
            <PredictionCard
              sample={s}
              image={byIndex.get(s.index)}
              names={evaluation.classNames}
              onPick={onPick}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

function PredictionCard({
  sample,
  image,
  names,
  onPick,
}: {
  sample: Evaluation['samples'][number];
  image: TestImage | undefined;
  names: readonly string[];
  onPick: (index: number) => void;
}) {
  const rgba = useMemo(() => (image === undefined ? null : imageToRgba(image.shape, image.pixels)), [image]);
  const name = (c: number) => names[c] ?? String(c);
  const summary = `Test image ${sample.index}: true ${name(sample.label)}, predicted ${name(sample.predicted)} (${formatPercent(sample.probabilities[sample.predicted], 1)})`;
  return (
    <>
      <button
        type="button"
        className="image-card"
        onClick={() => onPick(sample.index)}
        title="Show its feature maps"
      >
        {rgba !== null ? (
          <PixelCanvas image={rgba} scale={Math.max(1, Math.round(56 / rgba.height))} label={summary} />
        ) : (
          <span className="image-placeholder" aria-label={summary} role="img" />
        )}
        <span className="image-caption">
          true {name(sample.label)} → <strong>{name(sample.predicted)}</strong>
        </span>
      </button>
      <ol className="prob-bars" aria-label={`Class probabilities of test image ${sample.index}`}>
        {sample.probabilities.map((p, c) => (
          <li
            key={c}
            className={`prob-bar${c === sample.predicted ? ' is-predicted' : ''}${c === sample.label ? ' is-true' : ''}`}
          >
            <span className="prob-name">{name(c)}</span>
            <span className="prob-track">
              <span className="prob-fill" style={{ width: `${Math.max(0, Math.min(1, p)) * 100}%` }} />
            </span>
            <span className="prob-value">{formatPercent(p, 1)}</span>
          </li>
        ))}
      </ol>
    </>
  );
}
