import { useId, useMemo, useState } from 'react';
import type { ConvGeometry, ConvProblem } from '../../model/teaching';
import { IM2COL_EXAMPLE } from '../../model/teaching';
import { filterMatrix, im2colMatrix, im2colProduct, im2colShape } from '../../model/teaching';
import { CellGrid } from '../CellGrid';

/**
 * The convolution as one matrix product (im2col): the unrolled input (one row per output position), the filter
 * matrix (one column per filter) and their product, with the current step's row, column and cell marked; then
 * a shape calculator for a batch, opening on the lecture notes' (1, 3, 7, 7) with a 5×5 filter.
 */
const MAX_CELLS = 720;

export function Im2colView({
  problem,
  g,
  row,
  filter,
  digits,
}: {
  problem: ConvProblem;
  g: ConvGeometry;
  row: number;
  filter: number;
  digits: number;
}) {
  const cols = useMemo(() => im2colMatrix(problem, g), [problem, g]);
  const weights = useMemo(() => filterMatrix(problem, g), [problem, g]);
  const product = useMemo(() => im2colProduct(problem, g), [problem, g]);
  const k = g.kernel[0] * g.kernel[1] * g.channels;
  const rows = g.outH * g.outW;
  const drawable = rows * k <= MAX_CELLS && k * g.filters <= MAX_CELLS;
  return (
    <section className="lesson-section" aria-label="im2col">
      <h4>im2col: the convolution as one matrix product</h4>
      <p className="muted">
        Each window becomes a row ({g.channels > 1 ? 'channel by channel, ' : ''}row by row of the window);
        each filter a column. One product computes every output at once, which is how frameworks run a
        convolution.
      </p>
      <p className="mono im2col-shapes">
        ({rows} × {k}) · ({k} × {g.filters}) = ({rows} × {g.filters}){problem.bias !== null ? ' + bias' : ''}{' '}
        → {g.filters} × {g.outH} × {g.outW}
      </p>
      {drawable ? (
        <div className="im2col-stage">
          <figure className="stage-panel">
            <figcaption>
              <strong>im2col(input)</strong>{' '}
              <span className="muted">
                {rows} × {k}
              </span>
            </figcaption>
            <CellGrid
              grid={cols}
              label="Unrolled input"
              size={22}
              digits={digits}
              cellClass={(y) => (y === row ? 'in-window' : '')}
            />
          </figure>
          <div className="stage-op" aria-hidden="true">
            ·
          </div>
          <figure className="stage-panel">
            <figcaption>
              <strong>filters</strong>{' '}
              <span className="muted">
                {k} × {g.filters}
              </span>
            </figcaption>
            <CellGrid
              grid={weights}
              label="Filter matrix"
              size={22}
              digits={digits}
              cellClass={(_y, x) => (x === filter ? 'is-weight is-column' : 'is-weight')}
            />
          </figure>
          <div className="stage-op" aria-hidden="true">
            =
          </div>
          <figure className="stage-panel">
            <figcaption>
              <strong>output</strong>{' '}
              <span className="muted">
                {rows} × {g.filters}
              </span>
            </figcaption>
            <CellGrid
              grid={product}
              label="Product"
              size={26}
              digits={digits}
              cellClass={(y, x) => (y === row && x === filter ? 'is-current' : '')}
            />
          </figure>
        </div>
      ) : (
        <p className="muted small">The matrices are too large to draw here; their shapes are above.</p>
      )}
      <ShapeCalculator />
    </section>
  );
}

/** (N, C, H, W) with FH×FW, stride and padding → the im2col matrix's shape, worked out. */
function ShapeCalculator() {
  const id = useId();
  const [v, setV] = useState({
    n: IM2COL_EXAMPLE.n,
    c: IM2COL_EXAMPLE.c,
    h: IM2COL_EXAMPLE.h,
    w: IM2COL_EXAMPLE.w,
    k: IM2COL_EXAMPLE.kernel,
    s: IM2COL_EXAMPLE.stride,
    p: IM2COL_EXAMPLE.padding,
  });
  const shape = im2colShape({ n: v.n, c: v.c, h: v.h, w: v.w, kernel: v.k, stride: v.s, padding: v.p });
  const field = (key: keyof typeof v, label: string, min: number) => (
    <label className="mini-field" htmlFor={`${id}-${key}`}>
      <span>{label}</span>
      <input
        id={`${id}-${key}`}
        aria-label={`Batch shape: ${label}`}
        type="number"
        min={min}
        max={512}
        value={v[key]}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (Number.isInteger(n) && n >= min && n <= 512) setV({ ...v, [key]: n });
        }}
      />
    </label>
  );
  return (
    <div className="im2col-calc">
      <h5>im2col shape of a batch</h5>
      <div className="lesson-controls">
        {field('n', 'N', 1)}
        {field('c', 'C', 1)}
        {field('h', 'H', 1)}
        {field('w', 'W', 1)}
        {field('k', 'FH = FW', 1)}
        {field('s', 'Stride', 1)}
        {field('p', 'Padding', 0)}
      </div>
      <p className="mono" data-testid="im2col-shape">
        OH = OW = {shape.outH}; {shape.text}
      </p>
      <ol className="formula-list mono small" aria-label="How im2col gets there">
        {shape.steps.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
    </div>
  );
}
