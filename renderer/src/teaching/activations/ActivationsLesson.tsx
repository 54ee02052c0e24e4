import { useEffect, useId, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { FeatureMaps } from '../../../../shared/api/runs';
import { kindLabel } from '../../model/teaching';
import { call } from '../../backend/api';
import { useRunDetail } from '../../runs/details';
import { imageToRgba, mapToRgba, type Rgba } from '../../runs/pixels';
import { refreshRuns, useRuns } from '../../runs/store';
import { useResult } from '../../runs/useResult';
import { toast } from '../../store/toasts';
import { formatPercent } from '../../training/progress';
import { LessonHead } from '../fields';
import { explainRunWindow, setActivations, useLessons } from '../store';

/**
 * The activations overview (CNN Explainer's overview, for any network): one test image of a trained run, and
 * what every layer with an image output makes of it, in graph order, with the predicted probabilities at the end.
 * Clicking a pixel of a convolution's or pooling's map opens the explainer on the exact window and weights
 * that produced it (runs.layerWindow).
 */
const CHANNELS = 6;
const EXPLAINABLE = new Set(['conv2d', 'depthwiseconv2d', 'maxpool2d', 'avgpool2d', 'minpool2d']);

export function ActivationsLesson() {
  const { runId, imageIndex } = useLessons((s) => s.activations);
  const runs = useRuns((s) => s.runs);
  const loaded = useRuns((s) => s.loaded);
  useEffect(() => {
    void refreshRuns();
  }, []);
  const finished = runs.filter((r) => r.status === 'completed' || r.status === 'stopped');
  const current =
    runId !== null && finished.some((r) => r.runId === runId) ? runId : (finished[0]?.runId ?? null);
  const id = useId();
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <LessonHead title="Activations of a trained network">
        Pick a trained run and one of its test images: every layer’s feature maps are drawn in the order the
        image flows through the network. Click a pixel of a convolution or pooling map to see the exact window
        and weights that produced it.
      </LessonHead>
      {finished.length === 0 ? (
        <p className="lesson-empty">
          {loaded
            ? 'No trained run yet. Train a network (Training tab under the canvas); its runs appear here.'
            : 'Loading the runs…'}
        </p>
      ) : (
        <>
          <div className="lesson-controls" role="group" aria-label="Run and image">
            <label className="mini-field" htmlFor={`${id}-run`}>
              <span>Run</span>
              <select
                id={`${id}-run`}
                value={current ?? ''}
                onChange={(e) => setActivations(e.target.value, 0)}
              >
                {finished.map((r) => (
                  <option key={r.runId} value={r.runId}>
                    {r.name}
                  </option>
                ))}
              </select>
            </label>
            {current !== null ? <ImagePicker runId={current} index={imageIndex} /> : null}
          </div>
          {current !== null ? <Overview key={current} runId={current} imageIndex={imageIndex} /> : null}
        </>
      )}
    </article>
  );
}

function ImagePicker({ runId, index }: { runId: string; index: number }) {
  const detail = useRunDetail(runId);
  const size = detail?.sizes?.test ?? 1;
  const id = useId();
  const go = (i: number) => setActivations(runId, Math.max(0, Math.min(size - 1, i)));
  return (
    <>
      <label className="mini-field" htmlFor={id}>
        <span>Test image (of {size.toLocaleString('en-US')})</span>
        <input
          id={id}
          type="number"
          min={0}
          max={size - 1}
          value={index}
          onChange={(e) => {
            const n = Number(e.target.value);
            if (Number.isInteger(n) && n >= 0 && n < size) go(n);
          }}
        />
      </label>
      <div className="button-row">
        <button type="button" disabled={index <= 0} onClick={() => go(index - 1)}>
          Previous
        </button>
        <button type="button" disabled={index >= size - 1} onClick={() => go(index + 1)}>
          Next
        </button>
      </div>
    </>
  );
}

function Overview({ runId, imageIndex }: { runId: string; imageIndex: number }) {
  const detail = useRunDetail(runId);
  const maps = useResult(`${runId}:${imageIndex}:all`, (api) =>
    api.runs.featureMaps({ runId, imageIndex, maxChannels: CHANNELS, layers: 'all' }),
  );
  const classNames = detail?.classNames ?? [];
  if (maps.error !== null)
    return (
      <p className="field-error" role="alert">
        {maps.error.message} ({maps.error.code})
      </p>
    );
  if (maps.value === null) return <p className="muted">Computing every layer’s feature maps…</p>;
  const open = async (layer: FeatureMaps['layers'][number], channel: number, oy: number, ox: number) => {
    const result = await call((api) =>
      api.runs.layerWindow({ runId, imageIndex, nodeId: layer.nodeId, oy, ox, channel, size: 3 }),
    );
    if (!result.ok) {
      toast.error(result.error.message, result.error.code);
      return;
    }
    explainRunWindow({ runId, runName: detail?.name ?? runId, window: result.value });
  };
  return (
    <div className="activations" data-testid="activations">
      <InputColumn maps={maps.value} classNames={classNames} />
      {maps.value.layers.map((layer) => (
        <LayerColumn key={layer.nodeId} layer={layer} onPixel={(c, y, x) => void open(layer, c, y, x)} />
      ))}
      <OutputColumn maps={maps.value} classNames={classNames} />
    </div>
  );
}

function InputColumn({ maps, classNames }: { maps: FeatureMaps; classNames: readonly string[] }) {
  const image = useMemo(() => imageToRgba(maps.image.shape, maps.image.pixels), [maps]);
  return (
    <section className="act-column is-input" aria-label="Input image">
      <h4>Input</h4>
      <span className="muted small">{maps.image.shape.join('×')}</span>
      <MapCanvas image={image} size={96} label={`Test image ${maps.imageIndex}`} />
      <span className="small">
        true: <strong>{classNames[maps.label] ?? maps.label}</strong>
      </span>
    </section>
  );
}

function LayerColumn({
  layer,
  onPixel,
}: {
  layer: FeatureMaps['layers'][number];
  onPixel: (channel: number, y: number, x: number) => void;
}) {
  const images = useMemo(() => layer.maps.map((m) => mapToRgba(m, layer.min, layer.max)), [layer]);
  const clickable = EXPLAINABLE.has(layer.kind ?? 'conv2d');
  const [h, w, c] = layer.shape;
  const name = layer.name ?? layer.nodeId;
  return (
    <section
      className={`act-column${clickable ? ' is-clickable' : ''}`}
      aria-label={`Feature maps of ${name}`}
    >
      <span className="act-arrow" aria-hidden="true">
        →
      </span>
      <h4 title={layer.nodeId}>{name}</h4>
      <span className="muted small">
        {kindLabel(layer.kind ?? 'conv2d')} · {h}×{w}×{c}
      </span>
      <ul className="act-maps">
        {images.map((img, i) => (
          <li key={i}>
            <MapCanvas
              image={img}
              size={64}
              label={`${name} channel ${i + 1}`}
              onPixel={clickable ? (y, x) => onPixel(i, y, x) : undefined}
            />
          </li>
        ))}
      </ul>
      {layer.channelsShown < c ? (
        <span className="muted small">
          first {layer.channelsShown} of {c}
        </span>
      ) : null}
    </section>
  );
}

function OutputColumn({ maps, classNames }: { maps: FeatureMaps; classNames: readonly string[] }) {
  const order = maps.probabilities
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p - a.p)
    .slice(0, 10);
  return (
    <section className="act-column is-output" aria-label="Prediction">
      <span className="act-arrow" aria-hidden="true">
        →
      </span>
      <h4>Prediction</h4>
      <span className="small">
        <strong>{classNames[maps.predicted] ?? maps.predicted}</strong>{' '}
        {maps.predicted === maps.label ? '✓' : `(true: ${classNames[maps.label] ?? maps.label})`}
      </span>
      <ul className="act-probs">
        {order.map(({ p, i }) => (
          <li key={i} className={i === maps.label ? 'is-true' : undefined}>
            <span className="act-class">{classNames[i] ?? i}</span>
            <span className="act-prob-bar">
              <span style={{ width: `${Math.round(p * 100)}%` }} />
            </span>
            <span className="mono small">{formatPercent(p, 1)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A map drawn crisp at about `size` px; with `onPixel`, a click names the pixel under the pointer. */
function MapCanvas({
  image,
  size,
  label,
  onPixel,
}: {
  image: Rgba;
  size: number;
  label: string;
  onPixel?: (y: number, x: number) => void;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ y: number; x: number } | null>(null);
  const scale = Math.max(1, Math.floor(size / Math.max(image.width, image.height, 1)));
  useEffect(() => {
    const ctx = ref.current?.getContext('2d') ?? null;
    if (ctx === null || image.width === 0 || image.height === 0) return;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  }, [image]);
  const at = (e: MouseEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const x = Math.floor(((e.clientX - box.left) / box.width) * image.width);
    const y = Math.floor(((e.clientY - box.top) / box.height) * image.height);
    return { y: Math.max(0, Math.min(image.height - 1, y)), x: Math.max(0, Math.min(image.width - 1, x)) };
  };
  return (
    <canvas
      ref={ref}
      className="pixel-canvas act-map"
      width={image.width}
      height={image.height}
      style={{ width: image.width * scale, height: image.height * scale }}
      role="img"
      aria-label={label}
      title={
        onPixel !== undefined
          ? `${label}: click a pixel to see how it was computed${hover !== null ? ` (row ${hover.y + 1}, column ${hover.x + 1})` : ''}`
          : label
      }
      onMouseMove={onPixel !== undefined ? (e) => setHover(at(e)) : undefined}
      onClick={
        onPixel !== undefined
          ? (e) => {
              const p = at(e);
              onPixel(p.y, p.x);
            }
          : undefined
      }
    />
  );
}
