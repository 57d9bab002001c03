import { useState } from 'react';
import type { LotEntry, ParkingSession } from '../../src-shared';
import { formatWhen, money } from '../format';
import { useLotStore } from '../stores/lot-store';
import { useCurrency } from '../stores/status-store';
import { toast } from '../stores/toast-store';
import { Photo } from './Photo';
import { ReasonDialog } from './ReasonDialog';

type Correction = { kind: 'plate' | 'paid' | 'delete'; session: ParkingSession };

function paymentStatus(session: ParkingSession, currency: string): string {
  if (session.state === 'paid') {
    const until = session.exitBy === null ? '' : `, exit by ${formatWhen(session.exitBy)}`;
    return `Paid ${money(session.paidMinor, currency)}${until}`;
  }
  if (session.paidMinor > 0) return `Part paid ${money(session.paidMinor, currency)}`;
  return 'Not paid';
}

/**
 * Cars in the lot, with corrections, each with a reason for the journal: a manager's own, or
 * at a cashier's console with a manager's name and PIN in the same dialog.
 */
export function LotTable({ entries }: { entries: LotEntry[] }) {
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
            <th scope="col">Photo</th>
            <th scope="col">Plate</th>
            <th scope="col">Entry</th>
            <th scope="col">Fee so far</th>
            <th scope="col">Due</th>
            <th scope="col">Payment</th>
            <th scope="col">Manager actions</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(({ session, feeSoFarMinor, dueMinor }) => (
            <tr key={session.id} data-testid={`lot-row-${session.id}`}>
              <td>
                <Photo
                  photoId={session.entryPhotoId}
                  alt={`Entry photo of ${session.plate}`}
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
                  Correct plate
                </button>
                <button type="button" onClick={() => setCorrection({ kind: 'paid', session })}>
                  Mark paid
                </button>
                <button
                  type="button"
                  disabled={session.state !== 'paid'}
                  title={session.state === 'paid' ? undefined : 'Only paid records can be deleted'}
                  onClick={() => setCorrection({ kind: 'delete', session })}
                >
                  Delete record
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {correction?.kind === 'plate' && (
        <ReasonDialog
          title={`Correct plate ${correction.session.plate}`}
          confirmLabel="Correct plate"
          approvalFor="lot:correctPlate"
          initialPlate={correction.session.plate}
          onClose={close}
          onSubmit={async (reason, plate) => {
            await correctPlate(correction.session.id, plate, reason);
            toast('ok', `Plate corrected to ${plate}.`);
          }}
        />
      )}
      {correction?.kind === 'paid' && (
        <ReasonDialog
          title={`Mark ${correction.session.plate} as paid`}
          confirmLabel="Mark paid"
          approvalFor="lot:markPaid"
          onClose={close}
          onSubmit={async (reason) => {
            await markPaid(correction.session.id, reason);
            toast('ok', `${correction.session.plate} marked paid.`);
          }}
        >
          <p>No money is recorded. The car may leave within its exit window.</p>
        </ReasonDialog>
      )}
      {correction?.kind === 'delete' && (
        <ReasonDialog
          title={`Delete record ${correction.session.plate}`}
          confirmLabel="Delete record"
          approvalFor="lot:deleteRecord"
          onClose={close}
          onSubmit={async (reason) => {
            await deleteRecord(correction.session.id, reason);
            toast('ok', `Record for ${correction.session.plate} deleted.`);
          }}
        >
          <p>The record leaves the lot list. It stays in the journal.</p>
        </ReasonDialog>
      )}
    </>
  );
}
