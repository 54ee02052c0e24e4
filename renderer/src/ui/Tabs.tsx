import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import './tabs.css';

/**
 * The one tab strip (WAI-ARIA tabs pattern, automatic activation): the selected tab is the only one in the
 * Tab order; ←/→ move to the previous/next tab and select it (wrapping), Home/End the first/last. Each tab
 * controls the panel `TabPanel` renders with the same `idBase`, so the pair is labelled both ways.
 */
export interface TabSpec<T extends string> {
  readonly id: T;
  readonly title: ReactNode;
  /** A count or mark next to the title. */
  readonly badge?: ReactNode;
  readonly disabled?: boolean;
}

export const tabId = (idBase: string, id: string): string => `${idBase}-tab-${id}`;
export const tabPanelId = (idBase: string, id: string): string => `${idBase}-panel-${id}`;

/** The tab a key moves to from `index` (null: the key is not a tab-strip key). */
export function nextTabIndex(key: string, index: number, enabled: readonly boolean[]): number | null {
  const n = enabled.length;
  if (n === 0) return null;
  const step = (from: number, delta: number): number => {
    for (let k = 1; k <= n; k += 1) {
      const i = (((from + delta * k) % n) + n) % n;
      if (enabled[i] === true) return i;
    }
    return from;
  };
  switch (key) {
    case 'ArrowRight':
      return step(index, 1);
    case 'ArrowLeft':
      return step(index, -1);
    case 'Home':
      return step(-1, 1);
    case 'End':
      return step(n, -1);
    default:
      return null;
  }
}

export function Tabs<T extends string>({
  tabs,
  selected,
  onSelect,
  label,
  idBase,
  className,
}: {
  tabs: readonly TabSpec<T>[];
  selected: T;
  onSelect: (id: T) => void;
  /** The strip's accessible name ("Panels", "Run views"). */
  label: string;
  /** Prefix of the tab and panel element ids; unique on the page. */
  idBase: string;
  className?: string;
}) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  // With no tab selected (the welcome view has none of the view tabs), the first is the one Tab reaches.
  const focusable = tabs.some((t) => t.id === selected) ? selected : tabs[0]?.id;
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const next = nextTabIndex(
      event.key,
      index,
      tabs.map((t) => t.disabled !== true),
    );
    const tab = next === null ? undefined : tabs[next];
    if (tab === undefined) return;
    event.preventDefault();
    onSelect(tab.id);
    refs.current.get(tab.id)?.focus();
  };
  return (
    <div
      className={`tabs${className !== undefined ? ` ${className}` : ''}`}
      role="tablist"
      aria-label={label}
    >
      {tabs.map((tab, index) => {
        const isSelected = tab.id === selected;
        return (
          <button
            key={tab.id}
            ref={(el) => {
              if (el === null) refs.current.delete(tab.id);
              else refs.current.set(tab.id, el);
            }}
            id={tabId(idBase, tab.id)}
            type="button"
            role="tab"
            className="tab"
            aria-selected={isSelected}
            aria-controls={tabPanelId(idBase, tab.id)}
            tabIndex={tab.id === focusable ? 0 : -1}
            disabled={tab.disabled}
            onClick={() => onSelect(tab.id)}
            onKeyDown={(e) => onKeyDown(e, index)}
          >
            {tab.title}
            {tab.badge}
          </button>
        );
      })}
    </div>
  );
}

/** The panel of the selected tab, labelled by it. */
export function TabPanel({
  idBase,
  id,
  className,
  children,
}: {
  idBase: string;
  id: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      className={className}
      role="tabpanel"
      id={tabPanelId(idBase, id)}
      aria-labelledby={tabId(idBase, id)}
    >
      {children}
    </div>
  );
}
