import { lessons } from '../model/teaching';
import { closeDialog } from '../store/session';
import { startPredicting } from './predict/store';
import { openLesson } from './store';

/** The gallery's Lessons tab: every lesson (each also opens by `?lesson=<id>`), and predict mode. */
export function LessonsTab() {
  return (
    <ul className="preset-grid" aria-label="Lessons">
      {lessons.map((l, i) => (
        <li key={l.id}>
          <button
            type="button"
            className="preset-card"
            onClick={() => {
              closeDialog();
              openLesson(l.id);
            }}
            aria-label={`Open lesson ${l.title}`}
            data-autofocus={i === 0 ? true : undefined}
          >
            <span className="preset-name">{l.title}</span>
            <span className="preset-stats mono">?lesson={l.id}</span>
            <span className="preset-description">{l.summary}</span>
          </button>
        </li>
      ))}
      <li>
        <button
          type="button"
          className="preset-card"
          onClick={() => {
            closeDialog();
            startPredicting();
          }}
          aria-label="Start predict mode on the open network"
        >
          <span className="preset-name">Predict the open network</span>
          <span className="preset-stats mono">?predict=1</span>
          <span className="preset-description">
            Hide every output shape and parameter count, type your own, and have them graded with the worked
            formulas.
          </span>
        </button>
      </li>
    </ul>
  );
}
