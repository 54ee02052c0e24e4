import { useSession, closeDialog, openDialog } from '../store/session';
import { Overlay } from '../app/Overlay';
import { OpenTab } from './OpenTab';
import { PresetsTab } from './PresetsTab';

/** New / Open in one dialog: a blank network or a classic preset, or a saved project (host folder, recent, upload). */
export function Gallery() {
  const dialog = useSession((s) => s.dialog);
  if (dialog === null || dialog.kind !== 'gallery') return null;
  return (
    <Overlay
      title={dialog.tab === 'presets' ? 'New network' : 'Open a network'}
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
      </div>
      <div role="tabpanel">{dialog.tab === 'presets' ? <PresetsTab /> : <OpenTab />}</div>
    </Overlay>
  );
}
