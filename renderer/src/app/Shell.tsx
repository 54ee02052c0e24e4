import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './theme.css';
import './shell.css';
import '../canvas/canvas.css';
import { Canvas } from '../canvas/Canvas';
import { Gallery } from '../gallery/Gallery';
import { SaveAsDialog } from '../gallery/SaveAsDialog';
import { Inspector } from '../inspector/Inspector';
import { Palette } from '../palette/Palette';
import { BottomPanel } from '../panels/BottomPanel';
import { useShortcuts } from '../shortcuts/useShortcuts';
import { usePrefs } from '../store/prefs';
import { LessonsHost } from '../teaching/LessonsView';
import { RecoveryBanner } from './RecoveryBanner';
import { Splitter } from './Splitter';
import { useStartup } from './startup';
import { useApplyTheme } from './theme';
import { Toasts } from './Toasts';
import { Toolbar } from './Toolbar';
import { TotalsBar } from './TotalsBar';

/** The designer window: toolbar, palette | canvas over bottom panel | inspector, totals bar. */
export function Shell() {
  useApplyTheme();
  useShortcuts();
  useStartup();
  const panes = usePrefs((s) => s.panes);
  return (
    <ReactFlowProvider>
      <div
        className="shell"
        style={{
          gridTemplateColumns: `${panes.left}px 4px minmax(0, 1fr) 4px ${panes.right}px`,
        }}
      >
        <div className="shell-top">
          <Toolbar />
          <RecoveryBanner />
        </div>
        <Palette />
        <Splitter pane="left" orientation="vertical" edge={1} label="Resize palette" />
        <main className="centre" style={{ gridTemplateRows: `minmax(0, 1fr) 4px ${panes.bottom}px` }}>
          <Canvas />
          <Splitter pane="bottom" orientation="horizontal" edge={-1} label="Resize bottom panel" />
          <BottomPanel />
        </main>
        <Splitter pane="right" orientation="vertical" edge={-1} label="Resize inspector" />
        <Inspector />
        <TotalsBar />
      </div>
      <Gallery />
      <SaveAsDialog />
      <LessonsHost />
      <Toasts />
    </ReactFlowProvider>
  );
}
