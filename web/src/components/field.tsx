import { cloneElement, useId, type ReactElement } from 'react';

/** A labelled input with its error beside it (announced to screen readers). */
export function Field({ label, error, hint, children, className }: { label: string; error?: string; hint?: string; children: ReactElement<any>; className?: string }) {
  const id = useId();
  const errId = `${id}-err`;
  const input = cloneElement(children, {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errId : undefined,
  });
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {input}
      {hint && !error && <small className="hint">{hint}</small>}
      {error && (
        <small className="error" id={errId} role="alert" data-field-error>
          {error}
        </small>
      )}
    </div>
  );
}

/** A form-level error (not tied to one field). */
export function FormError({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {error}
    </p>
  );
}
