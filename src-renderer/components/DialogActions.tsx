import { useT } from '../stores/i18n-store';

/** A dialog form's Cancel and submit buttons; the submit says "Working…" while busy. */
export function DialogActions(props: { onCancel: () => void; busy: boolean; submitLabel: string }) {
  const t = useT();
  return (
    <div className="dialog-actions">
      <button type="button" onClick={props.onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="primary" disabled={props.busy}>
        {props.busy ? t('common.working') : props.submitLabel}
      </button>
    </div>
  );
}
