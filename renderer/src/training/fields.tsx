import { useId, type ReactNode } from 'react';
import { setField, useTrainingForm, type FormErrors, type FormField, type TrainingForm } from './config';

/** Labelled form controls bound to one field of the training form; errors are announced with the field. */
type TextField = { [K in FormField]: TrainingForm[K] extends string ? K : never }[FormField];

export function TextInput({
  field,
  label,
  errors,
  placeholder,
  hint,
  disabled,
  numeric = true,
}: {
  field: TextField;
  label: string;
  errors: FormErrors;
  placeholder?: string;
  hint?: string;
  disabled?: boolean;
  numeric?: boolean;
}) {
  const id = useId();
  const value = useTrainingForm((s) => s[field]);
  const error = errors[field];
  return (
    <div className="train-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        inputMode={numeric ? 'decimal' : 'text'}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={error !== undefined}
        aria-describedby={error !== undefined || hint !== undefined ? `${id}-note` : undefined}
        onChange={(e) => setField(field, e.target.value)}
      />
      {error !== undefined ? (
        <span id={`${id}-note`} className="field-error" role="alert">
          {error}
        </span>
      ) : hint !== undefined ? (
        <span id={`${id}-note`} className="field-help">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export function SelectInput<K extends FormField>({
  field,
  label,
  options,
  disabled,
  children,
}: {
  field: K;
  label: string;
  options: readonly { value: TrainingForm[K] & string; label: string; disabled?: boolean }[];
  disabled?: boolean;
  children?: ReactNode;
}) {
  const id = useId();
  const value = useTrainingForm((s) => s[field]);
  return (
    <div className="train-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={String(value)}
        disabled={disabled}
        onChange={(e) => {
          const chosen = options.find((o) => o.value === e.target.value);
          if (chosen !== undefined) setField(field, chosen.value);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      {children}
    </div>
  );
}

export function CheckInput({
  field,
  label,
  disabled,
}: {
  field: 'augFlip';
  label: string;
  disabled?: boolean;
}) {
  const value = useTrainingForm((s) => s[field]);
  return (
    <label className="toggle train-check">
      <input
        type="checkbox"
        checked={value}
        disabled={disabled}
        onChange={(e) => setField(field, e.target.checked)}
      />{' '}
      {label}
    </label>
  );
}
