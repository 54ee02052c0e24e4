import { useEffect, useState } from 'react';
import { call } from '../backend/api';
import { discardRecoverable, downloadDocument, openDocument, openUploaded, recover } from '../commands/file';
import { useSession } from '../store/session';

interface Listing {
  readonly folder: string;
  readonly files: readonly { path: string; name: string; modifiedAt: string; bytes: number }[];
}
interface Recent {
  readonly path: string;
  readonly name: string;
  readonly openedAt: string;
}

const when = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
};

/** Saved projects: the host's project folder, recent files, autosaves to recover, and upload/download. */
export function OpenTab() {
  const [listing, setListing] = useState<Listing | null>(null);
  const [recent, setRecent] = useState<readonly Recent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const recoverable = useSession((s) => s.recoverable);
  const mode = useSession((s) => s.mode);
  useEffect(() => {
    let live = true;
    void (async () => {
      const [list, rec] = await Promise.all([
        call((api) => api.project.list({})),
        call((api) => api.project.recent({})),
      ]);
      if (!live) return;
      if (list.ok) setListing(list.value);
      else setError(list.error.message);
      if (rec.ok) setRecent(rec.value);
    })();
    return () => {
      live = false;
    };
  }, []);
  return (
    <div className="open-tab">
      {recoverable.length > 0 ? (
        <section aria-labelledby="open-recover">
          <h3 id="open-recover">Recover unsaved work</h3>
          <ul className="file-list">
            {recoverable.map((r) => (
              <li key={r.sessionId}>
                <span>
                  {r.name} <span className="muted">autosaved {when(r.savedAt)}</span>
                </span>
                <span className="button-row">
                  <button type="button" onClick={() => void recover(r.sessionId)}>
                    Recover
                  </button>
                  <button type="button" onClick={() => void discardRecoverable(r.sessionId)}>
                    Discard
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="open-folder">
        <h3 id="open-folder">
          Projects{listing !== null ? <span className="muted mono"> {listing.folder}</span> : null}
        </h3>
        {error !== null ? <p className="muted">{error}</p> : null}
        {listing !== null && listing.files.length === 0 ? (
          <p className="muted">No saved projects yet.</p>
        ) : null}
        <ul className="file-list">
          {listing?.files.map((f) => (
            <li key={f.path}>
              <button type="button" className="link-button" onClick={() => void openDocument(f.path)}>
                {f.name}
              </button>
              <span className="muted">{when(f.modifiedAt)}</span>
            </li>
          ))}
        </ul>
      </section>
      {recent.length > 0 ? (
        <section aria-labelledby="open-recent">
          <h3 id="open-recent">Recent</h3>
          <ul className="file-list">
            {recent.map((r) => (
              <li key={r.path}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => void openDocument(r.path)}
                  title={r.path}
                >
                  {r.name}
                </button>
                <span className="muted">{when(r.openedAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="open-local" className="button-row">
        <h3 id="open-local" className="visually-hidden">
          Files on this computer
        </h3>
        <label className="button upload-button">
          Upload a .stride.json…
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            aria-label="Upload a project file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file !== undefined) void openUploaded(file);
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" onClick={downloadDocument}>
          Download current network
        </button>
        {mode === 'electron' ? (
          <button type="button" onClick={() => void openDocument()}>
            Browse…
          </button>
        ) : null}
      </section>
    </div>
  );
}
