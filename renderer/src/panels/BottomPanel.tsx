import { usePrefs } from '../store/prefs';
import { PANEL_TABS } from './registry';

/** Tabs under the canvas (Summary, Problems, Code, Training); the open tab is a persisted preference. */
export function BottomPanel() {
  const current = usePrefs((s) => s.bottomTab);
  const setTab = usePrefs((s) => s.setBottomTab);
  const active = PANEL_TABS.find((t) => t.id === current) ?? PANEL_TABS[0];
  if (active === undefined) return null;
  const move = (delta: number) => {
    const i = PANEL_TABS.indexOf(active);
    const next = PANEL_TABS[(i + delta + PANEL_TABS.length) % PANEL_TABS.length];
    if (next !== undefined) {
      setTab(next.id);
      document.getElementById(`tab-${next.id}`)?.focus();
    }
  };
  return (
    <section className="bottom-panel" aria-label="Panels">
      <div className="tabs" role="tablist" aria-label="Panels">
        {PANEL_TABS.map(({ id, title, Badge }) => (
          <button
            key={id}
            id={`tab-${id}`}
            type="button"
            role="tab"
            aria-selected={id === active.id}
            aria-controls={`tabpanel-${id}`}
            tabIndex={id === active.id ? 0 : -1}
            className="tab"
            onClick={() => setTab(id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(1);
              if (e.key === 'ArrowLeft') move(-1);
            }}
          >
            {title}
            {Badge !== undefined ? <Badge /> : null}
          </button>
        ))}
      </div>
      <div
        className="tab-panel"
        role="tabpanel"
        id={`tabpanel-${active.id}`}
        aria-labelledby={`tab-${active.id}`}
      >
        <active.Panel />
      </div>
    </section>
  );
}
