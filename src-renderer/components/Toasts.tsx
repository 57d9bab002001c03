import { useT } from '../stores/i18n-store';
import { useToastStore } from '../stores/toast-store';

/** Transient messages; errors are announced assertively (role="alert"). */
export function Toasts() {
  const say = useT();
  const toasts = useToastStore((s) => s.toasts);
  const dismiss = useToastStore((s) => s.dismiss);
  return (
    <div className="toasts">
      {toasts.map((t) => (
        <div
          key={t.id}
          className={`toast toast-${t.tone}`}
          role={t.tone === 'error' ? 'alert' : 'status'}
        >
          <span>{t.text}</span>
          <button
            type="button"
            className="toast-close"
            onClick={() => dismiss(t.id)}
            aria-label={say('toast.close')}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
