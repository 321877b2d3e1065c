import { useId, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

/** The label, hint and problem around one control, wired for screen readers; `control` gets the ids. */
function FieldFrame({ label, hint, problem, control }: { label: string; hint?: ReactNode; problem?: string | undefined; control: (wiring: { id: string; 'aria-describedby': string | undefined; 'aria-invalid': true | undefined }) => ReactNode }) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, problem && `${id}-problem`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {control({ id, 'aria-describedby': describedBy, 'aria-invalid': problem ? true : undefined })}
      {hint && (
        <small id={`${id}-hint`} className="muted">
          {hint}
        </small>
      )}
      {problem && (
        <small id={`${id}-problem`} className="field-problem">
          {problem}
        </small>
      )}
    </div>
  );
}

/** A labelled input; the label is always visible (placeholders are not labels). A problem is tied to the input for screen readers. */
export function Field({ label, hint, problem, ...input }: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: ReactNode; problem?: string | undefined }) {
  return <FieldFrame label={label} hint={hint} problem={problem} control={(wiring) => <input {...wiring} {...input} />} />;
}

export function SelectField({ label, value, onChange, options, problem, required }: { label: string; value: string; onChange: (value: string) => void; options: { value: string; label: string }[]; problem?: string | undefined; required?: boolean }) {
  return (
    <FieldFrame
      label={label}
      problem={problem}
      control={(wiring) => (
        <select {...wiring} value={value} required={required} onChange={(event) => onChange(event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/** A labelled multi-line input, with the same hint and problem wiring as `Field`. */
export function TextAreaField({ label, hint, problem, ...area }: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; hint?: ReactNode; problem?: string | undefined }) {
  return <FieldFrame label={label} hint={hint} problem={problem} control={(wiring) => <textarea {...wiring} {...area} />} />;
}
