import type { ComponentType } from 'react';
import { useSession, closeDialog, openDialog } from '../store/session';
import { Overlay } from '../app/Overlay';
import { TabPanel, Tabs } from '../ui/Tabs';
import { OpenTab } from './OpenTab';
import { PresetsTab } from './PresetsTab';
import { LessonsTab } from '../teaching/LessonsTab';
import './gallery.css';

type GalleryTab = 'presets' | 'open' | 'lessons';

const TABS = [
  { id: 'presets', title: 'New from preset' },
  { id: 'open', title: 'Open' },
  { id: 'lessons', title: 'Lessons' },
] as const;

const PANELS: Readonly<Record<GalleryTab, ComponentType>> = {
  presets: PresetsTab,
  open: OpenTab,
  lessons: LessonsTab,
};

/** New / Open in one dialog: a blank network or a classic preset, or a saved project (host folder, recent, upload). */
export function Gallery() {
  const dialog = useSession((s) => s.dialog);
  if (dialog === null || dialog.kind !== 'gallery') return null;
  const Panel = PANELS[dialog.tab];
  return (
    <Overlay
      title={
        dialog.tab === 'presets' ? 'New network' : dialog.tab === 'lessons' ? 'Lessons' : 'Open a network'
      }
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
        <Panel />
      </TabPanel>
    </Overlay>
  );
}
