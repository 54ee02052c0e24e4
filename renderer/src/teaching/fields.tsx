import { useId, type ReactNode } from 'react';
import type { Padding } from '../../../shared/layers/common/params';

/** Compact labelled controls for the lessons' settings rows. */
export function NumField({
  label,
  value,
  min,
  max,
  step = 1,
  onChange,
  disabled,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (v: number) => void;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <label className="mini-field" htmlFor={id}>
      <span>{label}</span>
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const n = Number(e.target.value);
          if (e.target.value !== '' && Number.isFinite(n) && n >= min && n <= max) onChange(n);
        }}
      />
    </label>
  );
}

const MODES = ['valid', 'same', 'full', 'P'] as const;

/** valid / same / full, or an explicit P on every side (an explicit [t, b, l, r] from a node is shown as is). */
export function PaddingField({
  value,
  onChange,
  max = 4,
  disabled,
}: {
  value: Padding;
  onChange: (p: Padding) => void;
  max?: number;
  disabled?: boolean;
}) {
  const id = useId();
  const mode = typeof value === 'string' ? value : 'P';
  return (
    <span className="mini-field padding-field">
      <label htmlFor={id}>Padding</label>
      <span className="padding-inputs">
        <select
          id={id}
          value={mode}
          disabled={disabled}
          onChange={(e) => {
            const m = e.target.value;
            onChange(m === 'P' ? (typeof value === 'number' ? value : 1) : (m as Padding));
          }}
        >
          {MODES.map((m) => (
            <option key={m} value={m}>
              {m === 'P' ? 'P =' : m}
            </option>
          ))}
        </select>
        {typeof value === 'number' ? (
          <input
            type="number"
            aria-label="Padding P"
            min={0}
            max={max}
            value={value}
            disabled={disabled}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 0 && n <= max) onChange(n);
            }}
          />
        ) : Array.isArray(value) ? (
          <span className="mono small">[{value.join(', ')}]</span>
        ) : null}
      </span>
    </span>
  );
}

export function LessonHead({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="lesson-head">
      <h3 id="lesson-title">{title}</h3>
      {children !== undefined ? <div className="lesson-intro">{children}</div> : null}
    </header>
  );
}

/** A labelled box of worked facts: output size, parameter count, receptive field … */
export function Facts({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="lesson-facts" aria-label={title}>
      <h4>{title}</h4>
      {children}
    </section>
  );
}
