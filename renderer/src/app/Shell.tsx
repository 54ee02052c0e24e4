import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './theme.css';
import './base.css';
import './categories.css';
import './shell.css';
import '../canvas/canvas.css';
import { Canvas } from '../canvas/Canvas';
import { CompareWorkspace } from '../compare/CompareView';
import { Gallery } from '../gallery/Gallery';
import { SaveAsDialog } from '../gallery/SaveAsDialog';
import { Inspector } from '../inspector/Inspector';
import { Palette } from '../palette/Palette';
import { BottomPanel } from '../panels/BottomPanel';
import { CommandPalette } from '../shortcuts/CommandPalette';
import { ShortcutSheet } from '../shortcuts/ShortcutSheet';
import { useShortcuts } from '../shortcuts/useShortcuts';
import { usePrefs, type AppView } from '../store/prefs';
import { LessonsHost } from '../teaching/LessonsView';
import { TrainingWorkspace } from '../training/TrainingWorkspace';
import { tabPanelId, tabId } from '../ui/Tabs';
import { Welcome } from '../welcome/Welcome';
import { RecoveryBanner } from './RecoveryBanner';
import { Splitter } from './Splitter';
import { useStartup } from './startup';
import { useApplyTheme } from './theme';
import { Toasts } from './Toasts';
import { Toolbar } from './Toolbar';
import { TotalsBar } from './TotalsBar';

/**
 * The window: toolbar (with the view switch), the current view, the totals bar. Views: the welcome page, the
 * designer (palette | canvas over bottom panel | inspector), the training workspace and the comparison. Only
 * the current view is mounted; the canvas parks its viewport when it leaves and restores it when it returns.
 */
export function Shell() {
  useApplyTheme();
  useShortcuts();
  useStartup();
  const view = usePrefs((s) => s.view);
  return (
    <ReactFlowProvider>
      <div className="shell">
        <div className="shell-top">
          <Toolbar />
          <RecoveryBanner />
        </div>
        <ViewPanel view={view} />
        <TotalsBar />
      </div>
      <Gallery />
      <SaveAsDialog />
      <CommandPalette />
      <ShortcutSheet />
      <LessonsHost />
      <Toasts />
    </ReactFlowProvider>
  );
}

/** The current view, labelled by its tab in the view switch (the welcome page labels itself). */
function ViewPanel({ view }: { view: AppView }) {
  if (view === 'welcome') return <Welcome />;
  return (
    <div
      className={`view view-${view}`}
      role="tabpanel"
      id={tabPanelId('view', view)}
      aria-labelledby={tabId('view', view)}
    >
      {view === 'designer' ? (
        <Designer />
      ) : view === 'training' ? (
        <TrainingWorkspace />
      ) : (
        <CompareWorkspace />
      )}
    </div>
  );
}

function Designer() {
  const panes = usePrefs((s) => s.panes);
  return (
    <div
      className="designer"
      style={{ gridTemplateColumns: `${panes.left}px 4px minmax(0, 1fr) 4px ${panes.right}px` }}
    >
      <Palette />
      <Splitter pane="left" orientation="vertical" edge={1} label="Resize palette" />
      <main className="centre" style={{ gridTemplateRows: `minmax(0, 1fr) 4px ${panes.bottom}px` }}>
        <Canvas />
        <Splitter pane="bottom" orientation="horizontal" edge={-1} label="Resize bottom panel" />
        <BottomPanel />
      </main>
      <Splitter pane="right" orientation="vertical" edge={-1} label="Resize inspector" />
      <Inspector />
    </div>
  );
}
