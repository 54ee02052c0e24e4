import { useSession, closeDialog, openDialog } from '../store/session';
import { Overlay } from '../app/Overlay';
import { TabPanel, Tabs } from '../ui/Tabs';
import { OpenTab } from './OpenTab';
import { PresetsTab } from './PresetsTab';
import './gallery.css';

type GalleryTab = 'presets' | 'open';

const TABS = [
  { id: 'presets', title: 'New from preset' },
  { id: 'open', title: 'Open' },
] as const;

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
      <Tabs<GalleryTab>
        label="Gallery"
        idBase="gallery"
        className="tabs-inline"
        tabs={TABS}
        selected={dialog.tab}
        onSelect={(tab) => openDialog({ kind: 'gallery', tab })}
      />
      <TabPanel idBase="gallery" id={dialog.tab}>
        {dialog.tab === 'presets' ? <PresetsTab /> : <OpenTab />}
      </TabPanel>
    </Overlay>
  );
}
