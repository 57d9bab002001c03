import { useT } from '../stores/i18n-store';

/** A labelled plate field: capitals as typed, no autocomplete (a plate is never remembered). */
export function PlateField(props: {
  value: string;
  onChange: (plate: string) => void;
  autoFocus?: boolean;
}) {
  const t = useT();
  return (
    <label className="field">
      <span>{t('common.plate')}</span>
      <input
        value={props.value}
        maxLength={16}
        autoComplete="off"
        className="plate-input"
        onChange={(e) => props.onChange(e.target.value.toUpperCase())}
        {...(props.autoFocus ? { 'data-autofocus': true } : {})}
      />
    </label>
  );
}
