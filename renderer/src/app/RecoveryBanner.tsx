import { discardRecoverable, recover } from '../commands/file';
import { useSession } from '../store/session';

/** After a crash (or a reload with unsaved work), offer the autosaved copy without blocking the app. */
export function RecoveryBanner() {
  const first = useSession((s) => s.recoverable[0]);
  const more = useSession((s) => s.recoverable.length - 1);
  if (first === undefined) return null;
  const saved = new Date(first.savedAt);
  return (
    <div className="banner" role="region" aria-label="Recover unsaved work">
      <span>
        Unsaved work found: <strong>{first.name}</strong> (autosaved{' '}
        {Number.isNaN(saved.getTime()) ? first.savedAt : saved.toLocaleTimeString()})
        {more > 0 ? ` and ${more} more` : ''}.
      </span>
      <button type="button" className="primary" onClick={() => void recover(first.sessionId)}>
        Recover
      </button>
      <button type="button" onClick={() => void discardRecoverable(first.sessionId)}>
        Discard
      </button>
    </div>
  );
}
