import { useState, type FormEvent } from 'react';
import type { ScheduleView } from '../../src-shared/contract/bookings';
import { useBookingsStore } from '../stores/bookings-store';
import { useT } from '../stores/i18n-store';
import { errorMessage } from '../station';
import { siteHhMm, siteTimeOnDayOf } from '../wall-time';
import { Dialog } from './Dialog';
import { DialogActions } from './DialogActions';
import { InlineError } from './InlineError';
import { PlateField } from './PlateField';

type Source = 'phone' | 'walk-in';
const SLOT_MINUTES = 5 * 60_000;

/**
 * A booking made at the booth, for a customer on the phone or at the window: a pump or bay, a
 * time today on the site's clock, how long, the plate and a contact. The station checks the
 * slot's capacity (walk-in places stay free) and says why it refuses; the booking lands on the
 * timeline picked, like a scanned one.
 */
export function NewBookingDialog({
  schedule,
  onClose,
}: {
  schedule: ScheduleView;
  onClose: () => void;
}) {
  const t = useT();
  const create = useBookingsStore((s) => s.create);
  const [resource, setResource] = useState(schedule.resources[0]?.id ?? '');
  // The next five minutes on the site's clock: a walk-in is usually served now.
  const [time, setTime] = useState(() =>
    siteHhMm(schedule.timeZone, Math.ceil(schedule.now / SLOT_MINUTES) * SLOT_MINUTES),
  );
  const [minutes, setMinutes] = useState(String(schedule.slotMinutes));
  const [plate, setPlate] = useState('');
  const [contact, setContact] = useState('');
  const [source, setSource] = useState<Source>('phone');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const picked = schedule.resources.find((r) => r.id === resource);
    const startsAt = siteTimeOnDayOf(schedule.timeZone, schedule.now, time);
    const durationMinutes = Number(minutes);
    if (!picked) return setError(t('newBooking.pickResource'));
    if (startsAt === null) return setError(t('newBooking.badTime'));
    if (!Number.isInteger(durationMinutes) || durationMinutes < 1 || durationMinutes > 1440) {
      return setError(t('newBooking.badMinutes'));
    }
    if (!plate.trim()) return setError(t('reason.enterPlate'));
    setBusy(true);
    setError(null);
    try {
      await create({
        resource: { kind: picked.kind, id: picked.id },
        startsAt,
        durationMinutes,
        plate: plate.trim(),
        ...(contact.trim() ? { contact: contact.trim() } : {}),
        source,
      });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('newBooking.title')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <label className="field">
          <span>{t('newBooking.resource')}</span>
          <select value={resource} onChange={(e) => setResource(e.target.value)} data-autofocus>
            {schedule.resources.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <div className="row">
          <label className="field">
            <span>{t('newBooking.startsAt', { zone: schedule.timeZone })}</span>
            <input type="time" value={time} onChange={(e) => setTime(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('newBooking.minutes')}</span>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={1440}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </label>
        </div>
        <PlateField value={plate} onChange={setPlate} />
        <label className="field">
          <span>{t('newBooking.contact')}</span>
          <input
            value={contact}
            maxLength={120}
            autoComplete="off"
            onChange={(e) => setContact(e.target.value)}
          />
        </label>
        <fieldset className="row">
          <legend>{t('newBooking.source')}</legend>
          {(['phone', 'walk-in'] as const).map((s) => (
            <label key={s} className="choice">
              <input
                type="radio"
                name="booking-source"
                value={s}
                checked={source === s}
                onChange={() => setSource(s)}
              />
              <span>{t(s === 'phone' ? 'newBooking.byPhone' : 'newBooking.walkIn')}</span>
            </label>
          ))}
        </fieldset>
        <InlineError message={error} />
        <DialogActions onCancel={onClose} busy={busy} submitLabel={t('newBooking.book')} />
      </form>
    </Dialog>
  );
}
