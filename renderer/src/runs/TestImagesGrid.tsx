import { useMemo, useState } from 'react';
import type { Evaluation, TestImage } from '../../../shared/api/runs';
import { formatPercent } from '../training/progress';
import { Pager } from '../ui/Pager';
import { PixelCanvas } from './PixelCanvas';
import { imageToRgba } from './pixels';
import { useResult } from './useResult';

const PAGE = 64;

/** Test images by index, a page at a time, with the model's prediction and confidence under each. */
export function TestImagesGrid({
  runId,
  indices,
  evaluation,
  onPick,
}: {
  runId: string;
  indices: readonly number[];
  evaluation: Evaluation | null;
  onPick?: (index: number) => void;
}) {
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(indices.length / PAGE));
  const current = Math.min(page, pages - 1);
  const slice = useMemo(() => indices.slice(current * PAGE, (current + 1) * PAGE), [indices, current]);
  const key = slice.length === 0 ? null : `${runId}:${slice.join(',')}`;
  const images = useResult(key, (api) => api.runs.testImages({ runId, indices: [...slice] }));
  if (indices.length === 0) return <p className="muted">No images.</p>;
  return (
    <div className="test-images">
      {images.error !== null ? (
        <p className="field-error" role="alert">
          {images.error.message} ({images.error.code})
        </p>
      ) : null}
      {images.loading ? <p className="muted">Loading images…</p> : null}
      <ul className="image-grid">
        {(images.value?.images ?? []).map((img) => (
          <li key={img.index}>
            <ImageCard image={img} evaluation={evaluation} onPick={onPick} />
          </li>
        ))}
      </ul>
      {pages > 1 ? <Pager index={current} count={pages} onChange={setPage} label="Test image pages" /> : null}
    </div>
  );
}

function ImageCard({
  image,
  evaluation,
  onPick,
}: {
  image: TestImage;
  evaluation: Evaluation | null;
  onPick: ((index: number) => void) | undefined;
}) {
  const rgba = useMemo(() => imageToRgba(image.shape, image.pixels), [image]);
  const predicted = evaluation?.predicted[image.index];
  const confidence = evaluation?.confidence[image.index];
  const name = predicted === undefined ? null : (evaluation?.classNames[predicted] ?? String(predicted));
  const scale = Math.max(1, Math.round(56 / Math.max(image.shape[0], 1)));
  const label = `Test image ${image.index}: ${image.className}${name !== null ? `, predicted ${name} (${formatPercent(confidence, 0)})` : ''}`;
  const body = (
    <>
      <PixelCanvas image={rgba} scale={scale} label={label} />
      <span className="image-caption">
        #{image.index} · {image.className}
        {name !== null ? (
          <span className={predicted === image.label ? 'pred-hit' : 'pred-miss'}>
            {' '}
            → {name} {formatPercent(confidence, 0)}
          </span>
        ) : null}
      </span>
    </>
  );
  return onPick === undefined ? (
    <figure className="image-card">{body}</figure>
  ) : (
    <button
      type="button"
      className="image-card"
      onClick={() => onPick(image.index)}
      title="Show its feature maps"
    >
      {body}
    </button>
  );
}
