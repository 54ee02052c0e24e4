import { useEffect, useState } from 'react';
import { call } from '../backend/api';
import { newDocument, openDocument, recover } from '../commands/file';
import { PresetsTab } from '../gallery/PresetsTab';
import { runCommand, shortcutLabel } from '../shortcuts/commands';
import { useSession } from '../store/session';
import { lessons, type LessonId } from '../model/teaching';
import { openLesson } from '../teaching/store';
import '../gallery/gallery.css';
import './welcome.css';

interface Recent {
  readonly path: string;
  readonly name: string;
  readonly openedAt: string;
}

/** A link to this page that opens a lesson (the browser-mode token and the rest of the query kept). */
function lessonHref(id: LessonId): string {
  const url = new URL(window.location.href);
  url.searchParams.set('lesson', id);
  return `${url.pathname}${url.search}`;
}

/**
 * The first thing a new user sees (and Go → Welcome): the gallery of classic networks, each card a picture of
 * its graph; recent projects and unsaved work to recover; the lessons; and where the keys and commands are.
 */
export function Welcome() {
  const [recent, setRecent] = useState<readonly Recent[]>([]);
  const recoverable = useSession((s) => s.recoverable);
  const mode = useSession((s) => s.mode);
  useEffect(() => {
    let live = true;
    void call((api) => api.project.recent({})).then((r) => {
      if (live && r.ok) setRecent(r.value);
    });
    return () => {
      live = false;
    };
  }, [mode]);
  return (
    <main className="welcome" aria-label="Welcome">
      <header className="welcome-head">
        <div>
          <h1>Stride</h1>
          <p className="muted">Design, check, train and teach convolutional networks.</p>
        </div>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => newDocument()}>
            Blank network
          </button>
          <button type="button" onClick={() => void openDocument()}>
            Open…
          </button>
          <button type="button" onClick={() => runCommand('help.commands')}>
            All commands <kbd>{shortcutLabel('help.commands')}</kbd>
          </button>
          <button type="button" onClick={() => runCommand('help.shortcuts')}>
            Keyboard shortcuts <kbd>{shortcutLabel('help.shortcuts')}</kbd>
          </button>
        </div>
      </header>
      <div className="welcome-body">
        <section className="welcome-gallery" aria-labelledby="welcome-gallery">
          <h2 id="welcome-gallery">Start from a classic network</h2>
          <PresetsTab autofocus={false} />
        </section>
        <aside className="welcome-side">
          <section aria-labelledby="welcome-lessons">
            <h2 id="welcome-lessons">Lessons</h2>
            <ul className="welcome-list">
              {lessons.map((l) => (
                <li key={l.id}>
                  {/* A real link (it can be copied into a syllabus); a click opens the lesson in place, which
                      Electron needs, as it allows no navigation. */}
                  <a
                    href={lessonHref(l.id)}
                    title={l.summary}
                    onClick={(e) => {
                      e.preventDefault();
                      openLesson(l.id);
                    }}
                  >
                    {l.title}
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="welcome-recent">
            <h2 id="welcome-recent">Recent projects</h2>
            {recoverable.length > 0 ? (
              <ul className="welcome-list">
                {recoverable.map((r) => (
                  <li key={r.sessionId}>
                    <button type="button" className="link-button" onClick={() => void recover(r.sessionId)}>
                      Recover {r.name}
                    </button>{' '}
                    <span className="muted small">(unsaved work)</span>
                  </li>
                ))}
              </ul>
            ) : null}
            {recent.length === 0 ? (
              <p className="muted small">
                {mode === 'none' ? 'Open and save need the Stride host.' : 'Nothing opened or saved yet.'}
              </p>
            ) : (
              <ul className="welcome-list">
                {recent.map((r) => (
                  <li key={r.path}>
                    <button
                      type="button"
                      className="link-button"
                      title={r.path}
                      onClick={() => void openDocument(r.path)}
                    >
                      {r.name}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </aside>
      </div>
    </main>
  );
}
