import { useEffect, type ComponentType } from 'react';
import { lessons, lessonTitle, type LessonId } from '../model/teaching';
import { Overlay } from '../app/Overlay';
import { ActivationsLesson } from './activations/ActivationsLesson';
import { ArchitecturesLesson } from './architectures/ArchitecturesLesson';
import { ConvLesson } from './conv/ConvLesson';
import { PoolLesson } from './pool/PoolLesson';
import { SizesLesson } from './sizes/SizesLesson';
import { SoftmaxLesson } from './softmax/SoftmaxLesson';
import { predictFromUrl } from './predict/store';
import { closeLesson, openLesson, openLessonFromUrl, useLessons } from './store';
import './teaching.css';

/** One view per lesson; the compiler lists this table when a lesson id is added. */
const VIEWS: Readonly<Record<LessonId, ComponentType>> = {
  conv: ConvLesson,
  pool: PoolLesson,
  softmax: SoftmaxLesson,
  sizes: SizesLesson,
  architectures: ArchitecturesLesson,
  activations: ActivationsLesson,
};

/**
 * The open lesson over the designer (mounted once by the shell); `?lesson=<id>` opens one at start-up and
 * `?predict=1` turns predict mode on.
 */
export function LessonsHost() {
  const lesson = useLessons((s) => s.lesson);
  useEffect(() => {
    openLessonFromUrl();
    predictFromUrl();
  }, []);
  return lesson === null ? null : <LessonsView lesson={lesson} />;
}

function LessonsView({ lesson }: { lesson: LessonId }) {
  const View = VIEWS[lesson];
  return (
    <Overlay title={`Lessons — ${lessonTitle(lesson)}`} onClose={closeLesson}>
      <div className="lessons">
        <nav className="lessons-nav" aria-label="Lessons">
          <ul>
            {lessons.map((l) => (
              <li key={l.id}>
                <button
                  type="button"
                  className="lessons-nav-item"
                  aria-current={l.id === lesson ? 'page' : undefined}
                  onClick={() => openLesson(l.id)}
                  title={l.summary}
                >
                  {l.title}
                </button>
              </li>
            ))}
          </ul>
          <p className="muted small lessons-link">
            Link a lesson: add <span className="mono">?lesson={lesson}</span> to the address.
          </p>
        </nav>
        <div className="lessons-body">
          <View />
        </div>
      </div>
    </Overlay>
  );
}
