import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import './overlay.css';

/**
 * Every modal view over the designer: the run view and the comparison (large), the gallery (wide), Save As and
 * the duplicate dialog (small).
 * Labelled by its title, focus moves in on open and back on close, Escape closes, Tab stays inside, and no
 * key reaches the designer's shortcuts behind it.
 */
export function Overlay({
  title,
  onClose,
  children,
  size = 'large',
  actions,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  size?: 'large' | 'wide' | 'small';
  actions?: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = ref.current;
    const first =
      root?.querySelector<HTMLElement>('[data-autofocus]') ??
      root?.querySelector<HTMLElement>('.overlay-body :is(button, input, select, [tabindex="0"])') ??
      root?.querySelector<HTMLElement>('button');
    first?.focus();
    return () => previous?.focus();
  }, []);
  const trapTab = (e: React.KeyboardEvent) => {
    if (e.key !== 'Tab' || ref.current === null) return;
    const focusable = [
      ...ref.current.querySelectorAll<HTMLElement>(
        'button:not(:disabled), input:not(:disabled), select:not(:disabled), a[href], [tabindex="0"], summary',
      ),
    ].filter((el) => el.offsetParent !== null || el === document.activeElement);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (first === undefined || last === undefined) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return createPortal(
    <div className="overlay-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`overlay overlay-${size}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(e) => {
          // The overlay owns the keyboard: designer shortcuts (Delete, Ctrl+Z…) must not act behind it.
          e.stopPropagation();
          if (e.key === 'Escape') onClose();
          trapTab(e);
        }}
      >
        <header className="overlay-head">
          <h2 id={titleId}>{title}</h2>
          <div className="button-row">
            {actions}
            <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
              ×
            </button>
          </div>
        </header>
        <div className="overlay-body">{children}</div>
      </div>
    </div>,
    document.body,
  );
}
