import { useSession, closeDialog, openDialog } from '../store/session';
import { Overlay } from '../app/Overlay';
import { OpenTab } from './OpenTab';
import { PresetsTab } from './PresetsTab';
import { LessonsTab } from '../teaching/LessonsTab';

/** New / Open in one dialog: a blank network or a classic preset, or a saved project (host folder, recent, upload). */
export function Gallery() {
  const dialog = useSession((s) => s.dialog);
  if (dialog === null || dialog.kind !== 'gallery') return null;
  return (
    <Overlay
      title={
        dialog.tab === 'presets' ? 'New network' : dialog.tab === 'lessons' ? 'Lessons' : 'Open a network'
      }
      onClose={closeDialog}
      size="wide"
    >
      <div className="tabs tabs-inline" role="tablist" aria-label="Gallery">
        <button
          type="button"
          role="tab"
          className="tab"
          aria-selected={dialog.tab === 'presets'}
          onClick={() => openDialog({ kind: 'gallery', tab: 'presets' })}
        >
          New from preset
        </button>
        <button
          type="button"
          role="tab"
          className="tab"
          aria-selected={dialog.tab === 'open'}
          onClick={() => openDialog({ kind: 'gallery', tab: 'open' })}
        >
          Open
        </button>
        <button
          type="button"
          role="tab"
          className="tab"
          aria-selected={dialog.tab === 'lessons'}
          onClick={() => openDialog({ kind: 'gallery', tab: 'lessons' })}
        >
          Lessons
        </button>
      </div>
      <div role="tabpanel">
        {dialog.tab === 'presets' ? <PresetsTab /> : dialog.tab === 'lessons' ? <LessonsTab /> : <OpenTab />}
      </div>
    </Overlay>
  );
}
