import { useState } from 'react';
import type { LotEntry, ParkingSession } from '../../src-shared';
import { formatWhen, money } from '../format';
import { t as say, useT } from '../stores/i18n-store';
import { useLotStore } from '../stores/lot-store';
import { useCurrency } from '../stores/status-store';
import { toast } from '../stores/toast-store';
import { Photo } from './Photo';
import { ReasonDialog } from './ReasonDialog';

type Correction = { kind: 'plate' | 'paid' | 'delete'; session: ParkingSession };

function paymentStatus(session: ParkingSession, currency: string): string {
  const amount = money(session.paidMinor, currency);
  if (session.state === 'paid') {
    return session.exitBy === null
      ? say('lot.paid', { amount })
      : say('lot.paidExitBy', { amount, time: formatWhen(session.exitBy) });
  }
  if (session.paidMinor > 0) return say('lot.partPaid', { amount });
  return say('lot.notPaid');
}

/**
 * Cars in the lot, with corrections, each with a reason for the journal: a manager's own, or
 * at a cashier's console with a manager's name and PIN in the same dialog.
 */
export function LotTable({ entries }: { entries: LotEntry[] }) {
  const t = useT();
  const currency = useCurrency();
  const correctPlate = useLotStore((s) => s.correctPlate);
  const markPaid = useLotStore((s) => s.markPaid);
  const deleteRecord = useLotStore((s) => s.deleteRecord);
  const [correction, setCorrection] = useState<Correction | null>(null);
  const close = () => setCorrection(null);

  return (
    <>
      <table className="lot-table">
        <thead>
          <tr>
            <th scope="col">{t('lot.photo')}</th>
            <th scope="col">{t('common.plate')}</th>
            <th scope="col">{t('lot.entry')}</th>
            <th scope="col">{t('lot.feeSoFar')}</th>
            <th scope="col">{t('lot.due')}</th>
            <th scope="col">{t('lot.payment')}</th>
            <th scope="col">{t('lot.managerActions')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(({ session, feeSoFarMinor, dueMinor }) => (
            <tr key={session.id} data-testid={`lot-row-${session.id}`}>
              <td>
                <Photo
                  photoId={session.entryPhotoId}
                  alt={t('photo.entryOf', { plate: session.plate })}
                  className="thumb"
                />
              </td>
              <td className="plate">{session.plate}</td>
              <td className="nowrap">{formatWhen(session.entryAt)}</td>
              <td className="amount">{money(feeSoFarMinor, currency)}</td>
              <td className="amount">{money(dueMinor, currency)}</td>
              <td className={`state state-${session.state}`}>{paymentStatus(session, currency)}</td>
              <td className="row">
                <button type="button" onClick={() => setCorrection({ kind: 'plate', session })}>
                  {t('lot.correctPlate')}
                </button>
                <button type="button" onClick={() => setCorrection({ kind: 'paid', session })}>
                  {t('lot.markPaid')}
                </button>
                <button
                  type="button"
                  disabled={session.state !== 'paid'}
                  title={session.state === 'paid' ? undefined : t('lot.deleteOnlyPaid')}
                  onClick={() => setCorrection({ kind: 'delete', session })}
                >
                  {t('lot.deleteRecord')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {correction?.kind === 'plate' && (
        <ReasonDialog
          title={t('lot.correctPlateTitle', { plate: correction.session.plate })}
          confirmLabel={t('lot.correctPlate')}
          approvalFor="lot:correctPlate"
          initialPlate={correction.session.plate}
          onClose={close}
          onSubmit={async (reason, plate) => {
            await correctPlate(correction.session.id, plate, reason);
            toast('ok', t('lot.plateCorrected', { plate }));
          }}
        />
      )}
      {correction?.kind === 'paid' && (
        <ReasonDialog
          title={t('lot.markPaidTitle', { plate: correction.session.plate })}
          confirmLabel={t('lot.markPaid')}
          approvalFor="lot:markPaid"
          onClose={close}
          onSubmit={async (reason) => {
            await markPaid(correction.session.id, reason);
            toast('ok', t('lot.markedPaid', { plate: correction.session.plate }));
          }}
        >
          <p>{t('lot.markPaidBody')}</p>
        </ReasonDialog>
      )}
      {correction?.kind === 'delete' && (
        <ReasonDialog
          title={t('lot.deleteTitle', { plate: correction.session.plate })}
          confirmLabel={t('lot.deleteRecord')}
          approvalFor="lot:deleteRecord"
          onClose={close}
          onSubmit={async (reason) => {
            await deleteRecord(correction.session.id, reason);
            toast('ok', t('lot.deleted', { plate: correction.session.plate }));
          }}
        >
          <p>{t('lot.deleteBody')}</p>
        </ReasonDialog>
      )}
    </>
  );
}
