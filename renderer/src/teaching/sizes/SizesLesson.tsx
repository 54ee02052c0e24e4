import { useState } from 'react';
import type { Padding } from '../../../../shared/layers/common/params';
import { SIZE_EXAMPLE, STRIDE_TABLE_EXAMPLE } from '../../model/teaching';
import type { SizesSetup } from '../../model/teaching';
import { fmt } from '../../model/teaching';
import { sizeRow, strideTable, type SizeRow } from '../../model/teaching';
import { openPresetForPrediction } from '../predict/store';
import { Facts, LessonHead, NumField, PaddingField } from '../fields';
import { NodeBanner } from '../LessonParts';
import { useLessons } from '../store';

/**
 * `?lesson=sizes`: O = (N + 2P − F)/S + 1 worked out with the student's numbers, the windows drawn along one axis
 * (the rows a stride that does not fit never reads, in red), and the stride table of a 7×7 input with a 3×3
 * filter; then a link to predict every layer of a real network.
 */
export function SizesLesson() {
  const setup = useLessons((s) => s.sizes);
  const opened = useLessons((s) => s.opened);
  return <SizesView key={opened} setup={setup} />;
}

function SizesView({ setup }: { setup: SizesSetup | null }) {
  const [n, setN] = useState<number>(SIZE_EXAMPLE.n);
  const [f, setF] = useState<number>(SIZE_EXAMPLE.f);
  const [padding, setPadding] = useState<Padding>(SIZE_EXAMPLE.p);
  const [s, setS] = useState<number>(SIZE_EXAMPLE.s);
  const [d, setD] = useState(1);
  const row = sizeRow({ n, f, padding, s, d });
  const table = strideTable(
    STRIDE_TABLE_EXAMPLE.n,
    STRIDE_TABLE_EXAMPLE.f,
    STRIDE_TABLE_EXAMPLE.p,
    STRIDE_TABLE_EXAMPLE.strides,
  );
  return (
    <article className="lesson" aria-labelledby="lesson-title">
      <LessonHead title="Feature-map sizes">
        A window of F cells moved S cells at a time over N cells (plus P of padding on each side) fits (N + 2P
        − F)/S + 1 times. That is the output size of every convolution and pooling.
      </LessonHead>
      {setup !== null ? (
        <NodeBanner source={setup.source} note="Your layer’s output size, worked out by the analysis." />
      ) : null}
      <div className="lesson-controls" role="group" aria-label="Size settings">
        <NumField label="Input N" value={n} min={1} max={64} onChange={setN} />
        <NumField label="Filter F" value={f} min={1} max={15} onChange={setF} />
        <PaddingField value={padding} onChange={setPadding} max={8} />
        <NumField label="Stride S" value={s} min={1} max={8} onChange={setS} />
        <NumField label="Dilation D" value={d} min={1} max={4} onChange={setD} />
      </div>
      <div className="written-sum" data-testid="sizes-worked">
        <div className="sum-where muted small">
          {n}×{n} input, {f}×{f} filter{d > 1 ? ` (dilation ${d}: spans ${d * (f - 1) + 1})` : ''}, stride {s}
          , padding{' '}
          {typeof padding === 'number' ? padding : Array.isArray(padding) ? padding.join(', ') : padding}
        </div>
        <div className="sum-total mono" data-testid="sizes-formula">
          O = {row.formula}
        </div>
        <p className="small">
          {row.out <= 0
            ? 'The window does not fit: the output would have no rows.'
            : row.exact
              ? `The output is ${row.out}×${row.out}.`
              : `(N + 2P − F)/S + 1 = ${fmt(row.exactValue, 2)} is not a whole number: the filter does not fit evenly. Frameworks round down to ${row.out}, and the last ${row.dropped === 1 ? 'row and column are' : `${row.dropped} rows and columns are`} never read.`}
        </p>
      </div>
      {row.out > 0 && n + 2 * 8 <= 48 ? <AxisStrip row={row} /> : null}
      <div className="facts-row">
        <Facts title="Stride table: 7×7 input, 3×3 filter">
          <table className="size-table" data-testid="stride-table">
            <thead>
              <tr>
                <th scope="col">S</th>
                <th scope="col">(N + 2P − F)/S + 1</th>
                <th scope="col">Output</th>
              </tr>
            </thead>
            <tbody>
              {table.map((r) => (
                <tr key={r.s} className={r.exact ? undefined : 'is-uneven'}>
                  <td className="mono">{r.s}</td>
                  <td className="mono">{r.fraction}</td>
                  <td className="mono">
                    {r.exact ? `${r.out}×${r.out}` : `${r.out}×${r.out} (floor; doesn’t fit)`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Facts>
        <Facts title="Try it on a network">
          <p className="small">
            Predict the output shape and parameter count of every layer of the lecture notes’ Keras MNIST
            network; Stride grades each answer and shows the worked formula where it is wrong.
          </p>
          <button type="button" onClick={() => openPresetForPrediction('mnist-keras')}>
            Predict the Keras MNIST network
          </button>
        </Facts>
      </div>
    </article>
  );
}

/** One axis of the padded input, with every window position as a bar under it. */
function AxisStrip({ row }: { row: SizeRow }) {
  const pad = typeof row.padding === 'number' ? row.padding : null;
  const before = pad ?? 0;
  const span = row.d * (row.f - 1) + 1;
  const total = row.n + 2 * before;
  if (pad === null) return null;
  const cells = Array.from({ length: total }, (_, i) => i);
  const windows = Array.from({ length: Math.min(row.out, 24) }, (_, i) => i * row.s);
  const readUpTo = (row.out - 1) * row.s + span;
  return (
    <section className="axis-strip" aria-label="Windows along one axis">
      <div className="axis-cells" style={{ gridTemplateColumns: `repeat(${total}, 26px)` }}>
        {cells.map((i) => (
          <span
            key={i}
            className={`cell ${i < before || i >= before + row.n ? 'is-pad' : ''} ${i >= readUpTo ? 'is-dropped' : ''}`}
          >
            {i < before || i >= before + row.n ? 0 : i - before}
          </span>
        ))}
        {windows.map((start, k) => (
          <span
            key={k}
            className="axis-window"
            style={{ gridColumn: `${start + 1} / span ${span}`, gridRow: k + 2 }}
            title={`window ${k + 1}: cells ${start}–${start + span - 1}`}
          >
            {k + 1}
          </span>
        ))}
      </div>
      <p className="muted small">
        Each bar is one window position ({row.out} in all); red cells are never read.
      </p>
    </section>
  );
}
