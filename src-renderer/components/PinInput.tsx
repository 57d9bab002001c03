/** A PIN field: digits only, hidden, at most 12 (the station's limit). */
export function PinInput(props: {
  label: string;
  value: string;
  onChange: (pin: string) => void;
  autoFocus?: boolean;
  autoComplete?: 'current-password' | 'new-password' | 'off';
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="password"
        inputMode="numeric"
        value={props.value}
        maxLength={12}
        autoComplete={props.autoComplete ?? 'current-password'}
        autoFocus={props.autoFocus}
        onChange={(e) => props.onChange(e.target.value.replace(/\D/g, ''))}
      />
    </label>
  );
}
