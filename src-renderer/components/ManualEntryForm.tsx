import { useId, useRef, useState, type FormEvent } from 'react';
import { useT } from '../stores/i18n-store';
import { useLanesStore } from '../stores/lanes-store';

/** Types a plate for a lane when the camera cannot read it; Enter submits. */
export function ManualEntryForm({ laneId, disabled }: { laneId: string; disabled: boolean }) {
  const t = useT();
  const manualRead = useLanesStore((s) => s.manualRead);
  const [plate, setPlate] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!plate.trim()) {
      inputRef.current?.focus();
      return;
    }
    const outcome = await manualRead(laneId, plate.trim());
    if (outcome) setPlate('');
  }

  return (
    <form className="manual-entry" onSubmit={submit}>
      <label htmlFor={inputId}>{t('lanes.manualPlate')}</label>
      <div className="row">
        <input
          id={inputId}
          ref={inputRef}
          className="plate-input"
          value={plate}
          maxLength={16}
          autoComplete="off"
          onChange={(e) => setPlate(e.target.value.toUpperCase())}
        />
        <button type="submit" disabled={disabled}>
          {t('lanes.manualEntry')}
        </button>
      </div>
    </form>
  );
}
