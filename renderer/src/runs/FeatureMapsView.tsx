import { useId, useMemo, useState } from 'react';
import type { FeatureMaps } from '../../../shared/api/runs';
import { formatPercent } from '../training/progress';
import { Pager } from '../ui/Pager';
import { PixelCanvas } from './PixelCanvas';
import { imageToRgba, mapToRgba } from './pixels';
import { useResult } from './useResult';

/**
 * What every convolution makes of one test image (computed by the host with the saved model): early layers
 * still look like the digit, deeper ones get smaller and more abstract. Pick the image by its index, step
 * through the test split, or choose one in the other tabs.
 */
export function FeatureMapsView({
  runId,
  testSize,
  classNames,
  index,
  onIndex,
}: {
  runId: string;
  testSize: number;
  classNames: readonly string[];
  index: number;
  onIndex: (index: number) => void;
}) {
  const id = useId();
  const [channels, setChannels] = useState(32);
  const [text, setText] = useState(String(index));
  const [shownIndex, setShownIndex] = useState(index);
  if (shownIndex !== index) {
    // Picked elsewhere (a prediction or a confusion-matrix image): follow it in the field.
    setShownIndex(index);
    setText(String(index));
  }
  const maps = useResult(`${runId}:${index}:${channels}`, (api) =>
    api.runs.featureMaps({ runId, imageIndex: index, maxChannels: channels }),
  );
  const go = (next: number) => onIndex(Math.max(0, Math.min(testSize - 1, next)));
  const valid = /^\d+$/.test(text) && Number(text) < testSize;
  return (
    <div className="feature-maps">
      <div className="button-row">
        <Pager index={index} count={testSize} onChange={go} label="Test images">
          <label htmlFor={id}>Test image</label>
          <input
            id={id}
            type="text"
            inputMode="numeric"
            className="index-input"
            value={text}
            aria-invalid={!valid}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && valid && go(Number(text))}
            onBlur={() => valid && go(Number(text))}
          />
          <span className="muted small">of {testSize.toLocaleString('en-US')}</span>
        </Pager>
        <label className="toggle">
          Channels per layer{' '}
          <select value={channels} onChange={(e) => setChannels(Number(e.target.value))}>
            {[8, 16, 32, 64].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {maps.loading ? <p className="muted">Computing feature maps…</p> : null}
      {maps.error !== null ? (
        <p className="field-error" role="alert">
          {maps.error.message} ({maps.error.code})
        </p>
      ) : null}
      {maps.value !== null ? <Layers maps={maps.value} classNames={classNames} /> : null}
    </div>
  );
}

function Layers({ maps, classNames }: { maps: FeatureMaps; classNames: readonly string[] }) {
  const input = useMemo(() => imageToRgba(maps.image.shape, maps.image.pixels), [maps]);
  const name = (c: number) => classNames[c] ?? String(c);
  return (
    <>
      <div className="feature-input">
        <PixelCanvas
          image={input}
          scale={Math.max(1, Math.round(84 / Math.max(1, maps.image.shape[0])))}
          label={`Test image ${maps.imageIndex}, true class ${name(maps.label)}`}
        />
        <p>
          True class <strong>{name(maps.label)}</strong>, predicted <strong>{name(maps.predicted)}</strong> (
          {formatPercent(maps.probabilities[maps.predicted], 1)})
        </p>
      </div>
      {maps.layers.map((layer) => (
        <LayerMaps key={layer.nodeId} layer={layer} />
      ))}
      {maps.layers.length === 0 ? <p className="muted">This network has no convolution.</p> : null}
    </>
  );
}

function LayerMaps({ layer }: { layer: FeatureMaps['layers'][number] }) {
  const images = useMemo(() => layer.maps.map((m) => mapToRgba(m, layer.min, layer.max)), [layer]);
  const [h, w, c] = layer.shape;
  const scale = Math.max(1, Math.floor(64 / Math.max(h, w, 1)));
  return (
    <section className="layer-maps" aria-label={`Feature maps of ${layer.layer}`}>
      <h3>
        {layer.layer}{' '}
        <span className="muted small">
          {h}×{w}×{c}
          {layer.channelsShown < c ? `, first ${layer.channelsShown} channels` : ''}
        </span>
      </h3>
      <ul className="map-grid">
        {images.map((img, i) => (
          <li key={i}>
            <PixelCanvas image={img} scale={scale} label={`${layer.layer} channel ${i + 1}`} />
          </li>
        ))}
      </ul>
    </section>
  );
}
