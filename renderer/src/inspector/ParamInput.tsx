import { useId, useState } from 'react';
import type { ParamField } from '../../../shared/layers/types';
import { humanIssue, type IssueLike } from '../ui/issueText';
import { formatField, issueFor, parseField } from './fieldText';

/**
 * One parameter of the selected node. Typing validates at once (the text's form here, the value against the
 * kind's zod schema via `validate`); every valid keystroke is applied live under one coalesced undo step,
 * which closes when the field loses focus. Invalid text stays in the field with the reason under it and is
 * never written to the document; Escape or leaving the field restores the last valid value.
 */
export interface ParamInputProps {
  readonly field: ParamField;
  readonly value: unknown;
  /** Returns the schema's issues for a candidate value ([] when valid). */
  readonly validate: (value: unknown) => readonly IssueLike[];
  readonly onCommit: (value: unknown, opts: { live: boolean }) => void;
  readonly onDone: () => void;
}

export function ParamInput({ field, value, validate, onCommit, onDone }: ParamInputProps) {
  const id = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const errorId = `${id}-error`;
  const helpId = `${id}-help`;
  const describedBy = [error !== null ? errorId : null, field.help !== undefined ? helpId : null]
    .filter((x) => x !== null)
    .join(' ');

  const tryCommit = (text: string, live: boolean) => {
    const parsed = parseField(field, text);
    if (!parsed.ok) return setError(parsed.error);
    const issues = validate(parsed.value);
    if (issues.length > 0)
      return setError(
        issueFor(issues, field.key, field.label) ??
          (issues[0] === undefined ? 'Not allowed.' : humanIssue(issues[0])),
      );
    setError(null);
    onCommit(parsed.value, { live });
  };

  const finish = () => {
    setDraft(null);
    setError(null);
    onDone();
  };

  const label = (
    <label htmlFor={id} className="field-label">
      {field.label}
    </label>
  );
  const help =
    field.help !== undefined ? (
      <div id={helpId} className="field-help">
        {field.help}
      </div>
    ) : null;
  const errorLine =
    error !== null ? (
      <div id={errorId} className="field-error" role="alert">
        {error}
      </div>
    ) : null;

  if (field.type === 'bool') {
    return (
      <div className="field field-bool">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => {
            tryCommit(String(e.target.checked), false);
            onDone();
          }}
        />
        {label}
        {help}
        {errorLine}
      </div>
    );
  }

  if (field.type === 'enum') {
    return (
      <div className="field">
        {label}
        <select
          id={id}
          value={formatField(field, value)}
          aria-invalid={error !== null}
          aria-describedby={describedBy || undefined}
          onChange={(e) => {
            tryCommit(e.target.value, false);
            onDone();
          }}
        >
          {field.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        {help}
        {errorLine}
      </div>
    );
  }

  const listId = field.type === 'padding' ? `${id}-options` : undefined;
  return (
    <div className="field">
      {label}
      <input
        id={id}
        type="text"
        inputMode={field.type === 'int' || field.type === 'float' ? 'decimal' : undefined}
        spellCheck={false}
        autoComplete="off"
        list={listId}
        value={draft ?? formatField(field, value)}
        aria-invalid={error !== null}
        aria-describedby={describedBy || undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          tryCommit(e.target.value, true);
        }}
        onBlur={finish}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.currentTarget.blur();
          } else if (e.key === 'Escape') {
            e.stopPropagation();
            finish();
          } else if (
            (field.type === 'int' || field.type === 'size2') &&
            (e.key === 'ArrowUp' || e.key === 'ArrowDown')
          ) {
            // Step whole numbers with the arrow keys, as numeric fields do in desktop tools.
            const current = parseField(field, e.currentTarget.value);
            if (!current.ok || typeof current.value !== 'number') return;
            e.preventDefault();
            const next = String(current.value + (e.key === 'ArrowUp' ? 1 : -1));
            setDraft(next);
            tryCommit(next, true);
          }
        }}
      />
      {listId !== undefined ? (
        <datalist id={listId}>
          <option value="valid" />
          <option value="same" />
          <option value="full" />
        </datalist>
      ) : null}
      {help}
      {errorLine}
    </div>
  );
}
