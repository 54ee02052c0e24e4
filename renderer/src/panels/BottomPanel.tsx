import { usePrefs } from '../store/prefs';
import { TabPanel, Tabs } from '../ui/Tabs';
import { PANEL_TABS } from './registry';
import './panels.css';

/** Tabs under the canvas (Summary, Problems, Code, Training, Predict); the open tab is a persisted preference. */
export function BottomPanel() {
  const current = usePrefs((s) => s.bottomTab);
  const setTab = usePrefs((s) => s.setBottomTab);
  const active = PANEL_TABS.find((t) => t.id === current) ?? PANEL_TABS[0];
  if (active === undefined) return null;
  return (
    <section className="bottom-panel" aria-label="Panels">
      <Tabs
        label="Panels"
        idBase="bottom"
        selected={active.id}
        onSelect={setTab}
        tabs={PANEL_TABS.map(({ id, title, Badge }) => ({
          id,
          title,
          badge: Badge === undefined ? undefined : <Badge />,
        }))}
      />
      <TabPanel idBase="bottom" id={active.id} className="tab-panel">
        <active.Panel />
      </TabPanel>
    </section>
  );
}
