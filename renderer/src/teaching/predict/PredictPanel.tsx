import { useShallow } from 'zustand/react/shallow';
import type { Grade, NodeGrade } from '../../model/teaching';
import { formatInt, formatShape } from '../../model/format';
import { useAnalysis } from '../../store/analysis';
import { useEditor } from '../../store/editor';
import { goToNode } from '../../panels/goToNode';
import { useGrades } from './grades';
import {
  checkAnswers,
  clearAnswers,
  revealAnswers,
  setAnswer,
  startPredicting,
  stopPredicting,
  usePredict,
} from './store';
import '../teaching.css';

/**
 * The Predict tab: one row per layer of the network open in the designer (any preset or the student's own
 * graph), a field for its output shape and one for its parameter count; Check grades them and shows, for each
 * wrong answer, the right one with its formula worked out.
 */
export function PredictPanel() {
  const { active, checked, revealed } = usePredict(
    useShallow((s) => ({ active: s.active, checked: s.checked, revealed: s.revealed })),
  );
  const name = useEditor((s) => s.doc.name);
  if (!active)
    return (
      <div className="predict-intro">
        <p>
          <strong>Predict mode</strong> hides every output shape and parameter count of{' '}
          <strong>{name}</strong>. Work each layer out — (H + 2P − FH)/S + 1 for the size, FH·FW·C·F + F for a
          convolution’s parameters — type your answers, and Stride grades them, showing the worked formula
          wherever an answer is wrong.
        </p>
        <button type="button" className="primary" onClick={startPredicting}>
          Start predicting
        </button>
      </div>
    );
  return <PredictTable name={name} checked={checked} revealed={revealed} />;
}

const MARK: Readonly<Record<Grade, string>> = { right: '✓', wrong: '✗', blank: '', unreadable: '?' };
const MARK_LABEL: Readonly<Record<Grade, string>> = {
  right: 'right',
  wrong: 'wrong',
  blank: 'not answered',
  unreadable: 'not a shape or number Stride can read',
};

function PredictTable({ name, checked, revealed }: { name: string; checked: boolean; revealed: boolean }) {
  const grades = useGrades();
  const model = useAnalysis((s) => s.model);
  const doc = useEditor((s) => s.doc);
  const answers = usePredict((s) => s.answers);
  const inputId = model.expanded.input;
  const inputNode = doc.nodes.find((n) => n.kind === 'input');
  const inputShape = inputNode === undefined ? null : (model.nodes.get(inputNode.id)?.outputShape ?? null);
  const { score } = grades;
  return (
    <div className="predict">
      <div className="predict-head">
        <span>
          Predicting <strong>{name}</strong>: shapes and parameter counts are hidden
          {inputId !== null ? (
            <>
              {' '}
              (input <span className="mono">{formatShape(inputShape)}</span> given)
            </>
          ) : null}
          .
        </span>
        {checked ? (
          <span className="predict-score" data-testid="predict-score" role="status">
            Score {score.right} / {score.total}
            {score.answered < score.total ? ` (${score.total - score.answered} not answered)` : ''}
          </span>
        ) : null}
        <div className="button-row">
          <button type="button" className="primary" onClick={checkAnswers}>
            Check answers
          </button>
          <button type="button" onClick={revealAnswers} disabled={revealed}>
            Show the answers
          </button>
          <button type="button" onClick={clearAnswers}>
            Clear
          </button>
          <button type="button" onClick={stopPredicting}>
            Stop predicting
          </button>
        </div>
      </div>
      <table className="predict-table" aria-label="Predictions">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Output shape</th>
            <th scope="col">Parameters</th>
            <th scope="col">{checked ? 'Worked out' : ''}</th>
          </tr>
        </thead>
        <tbody>
          {grades.nodes.map((g) => {
            const node = doc.nodes.find((n) => n.id === g.nodeId);
            const a = model.nodes.get(g.nodeId);
            const label = node?.name ?? g.nodeId;
            return (
              <tr key={g.nodeId} data-node={g.nodeId}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => goToNode(g.nodeId)}>
                    {label}
                  </button>{' '}
                  <span className="mono muted small">{a?.notation}</span>
                </th>
                <td>
                  <Answer
                    label={`Output shape of ${label}`}
                    value={answers[g.nodeId]?.shape ?? ''}
                    grade={checked ? g.shape : null}
                    placeholder="H×W×C"
                    onChange={(t) => setAnswer(g.nodeId, 'shape', t)}
                  />
                </td>
                <td>
                  <Answer
                    label={`Parameters of ${label}`}
                    value={answers[g.nodeId]?.params ?? ''}
                    grade={checked ? g.params : null}
                    placeholder="count"
                    onChange={(t) => setAnswer(g.nodeId, 'params', t)}
                  />
                </td>
                <td className="predict-work">{checked ? <Worked g={g} revealed={revealed} /> : null}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Answer({
  label,
  value,
  grade,
  placeholder,
  onChange,
}: {
  label: string;
  value: string;
  grade: Grade | null;
  placeholder: string;
  onChange: (text: string) => void;
}) {
  return (
    <span className={`predict-answer${grade !== null ? ` is-${grade}` : ''}`}>
      <input
        type="text"
        aria-label={label}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
      {grade !== null && grade !== 'blank' ? (
        <span className="predict-mark" role="img" aria-label={MARK_LABEL[grade]} title={MARK_LABEL[grade]}>
          {MARK[grade]}
        </span>
      ) : null}
    </span>
  );
}

/** The right answers with their formulas, where an answer was wrong (or everywhere once revealed). */
function Worked({ g, revealed }: { g: NodeGrade; revealed: boolean }) {
  const showShape = revealed || g.shape === 'wrong' || g.shape === 'unreadable';
  const showParams = revealed || g.params === 'wrong' || g.params === 'unreadable';
  if (!showShape && !showParams)
    return g.shape === 'right' && g.params === 'right' ? <span className="muted">—</span> : null;
  return (
    <div className="predict-worked" data-testid={`worked-${g.nodeId}`}>
      {showShape ? (
        <div>
          <strong className="mono">{formatShape(g.expectedShape)}</strong>
          <ul className="formula-list mono small">
            {g.shapeWork.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {showParams ? (
        <div>
          <strong className="mono">{formatInt(g.expectedParams)}</strong> parameters
          <ul className="formula-list mono small">
            {g.paramsWork.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** The tab's mark: the score once checked. */
export function PredictBadge() {
  const checked = usePredict((s) => s.active && s.checked);
  const { score } = useGrades();
  return checked ? <span className="tab-badge">{`${score.right}/${score.total}`}</span> : null;
}
