import type { ComponentType } from 'react';
import { useHidden } from './store';

/** A panel that would give the answers away (the Summary table) says so instead while predict mode is on. */
export function hiddenWhilePredicting(Panel: ComponentType, what: string): ComponentType {
  function Guarded() {
    const hidden = useHidden();
    if (!hidden) return <Panel />;
    return (
      <p className="muted predict-hidden" role="status">
        {what} is hidden while you predict the shapes and parameter counts (Predict tab).
      </p>
    );
  }
  Guarded.displayName = `HiddenWhilePredicting(${Panel.displayName ?? Panel.name})`;
  return Guarded;
}
