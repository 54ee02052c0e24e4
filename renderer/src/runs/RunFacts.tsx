import { BUILT_IN_INFO, isBuiltInDataset } from '../model/core';
import type { RunDetail } from '../../../shared/api/runs';
import { initialLearningRate } from '../../../shared/api/training';
import { formatBytes, formatInt, plural } from '../model/format';
import { formatDuration, formatPercent, formatCount } from '../training/progress';
import { optimizerLabel } from '../training/TrainSettings';
import { GraphThumb } from './GraphThumb';
import { statusLabel } from './status';

const datasetName = (d: string): string => (isBuiltInDataset(d) ? BUILT_IN_INFO[d].short : d);

/** A run's record at a glance: result, speed, where it ran, how it was configured, its graph snapshot. */
export function RunFacts({ detail }: { detail: RunDetail }) {
  const c = detail.config;
  const r = detail.result;
  const facts: [string, string][] = [
    ['Status', `${statusLabel(detail.status)}${r.earlyStopped ? ' (early stopping)' : ''}`],
    ['Test accuracy', formatPercent(r.testAccuracy)],
    [
      'Best val. accuracy',
      `${formatPercent(r.bestValAccuracy)}${r.bestEpoch !== null ? ` (epoch ${r.bestEpoch})` : ''}`,
    ],
    ['Test loss', r.testLoss === null ? '—' : r.testLoss.toFixed(4)],
    ['Duration', formatDuration(detail.timings.seconds)],
    ['Speed', `${formatCount(detail.timings.imagesPerSecond)} img/s`],
    ['Backend', `${detail.backend ?? '—'}${detail.device !== null ? ` on ${detail.device}` : ''}`],
    ['Parameters', detail.params === null ? '—' : formatInt(detail.params)],
    [
      'Dataset',
      `${datasetName(c.dataset)}${c.limit !== undefined ? `, first ${plural(c.limit, 'image')}` : ''}`,
    ],
    [
      'Split',
      detail.sizes === null
        ? '—'
        : `${formatInt(detail.sizes.train)} train / ${formatInt(detail.sizes.validation)} val. / ${formatInt(detail.sizes.test)} test`,
    ],
    ['Optimizer', `${optimizerLabel(c.optimizer)}, lr ${detail.learningRate ?? initialLearningRate(c)}`],
    ['Batch × epochs', `${c.batchSize} × ${detail.progress.epochsDone}/${c.epochs}`],
    ['Seed', String(c.seed)],
  ];
  if (detail.memory !== null) facts.push(['Memory estimate', formatBytes(detail.memory.totalBytes)]);
  return (
    <div className="run-facts">
      <dl className="facts-grid">
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <div className="run-snapshot">
        <span className="muted small">Graph snapshot ({detail.graph.name})</span>
        <GraphThumb graph={detail.graph} width={220} height={28} />
      </div>
      {detail.error !== null ? (
        <p className="train-failure" role="alert">
          <span className="problem-code">{detail.error.code}</span> {detail.error.message}
        </p>
      ) : null}
      {detail.log !== null ? (
        <details>
          <summary>Worker log</summary>
          <pre className="run-log">{detail.log}</pre>
        </details>
      ) : null}
    </div>
  );
}
