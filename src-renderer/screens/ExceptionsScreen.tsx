import { useEffect, useState } from 'react';
import type { Translate } from '../../src-shared';
import type { ExceptionView } from '../../src-shared/contract/exceptions';
import { InlineError } from '../components/InlineError';
import { Photo } from '../components/Photo';
import { ReasonDialog } from '../components/ReasonDialog';
import { formatWhen, money } from '../format';
import { useT } from '../stores/i18n-store';
import { useExceptionsStore } from '../stores/exceptions-store';
import { toast } from '../stores/toast-store';

/** Photos shown per row: the rest are in the journal events it links. */
const PHOTOS_SHOWN = 2;

/**
 * The manager's exceptions: what the station's rules found in the journal, newest first, each
 * with the journal events and photos behind it, acknowledged with a note once checked.
 */
export function ExceptionsScreen() {
  const t = useT();
  const exceptions = useExceptionsStore((s) => s.exceptions);
  const error = useExceptionsStore((s) => s.error);
  const loading = useExceptionsStore((s) => s.loading);
  const showAcknowledged = useExceptionsStore((s) => s.showAcknowledged);
  const load = useExceptionsStore((s) => s.load);
  const setShowAcknowledged = useExceptionsStore((s) => s.setShowAcknowledged);
  const [acknowledging, setAcknowledging] = useState<ExceptionView | null>(null);

  useEffect(() => void load(), [load]);

  return (
    <section className="screen" aria-labelledby="exceptions-title">
      <div className="screen-head">
        <h1 id="exceptions-title">{t('exceptions.title')}</h1>
        <label className="exceptions-toggle">
          <input
            type="checkbox"
            checked={showAcknowledged}
            onChange={(e) => setShowAcknowledged(e.target.checked)}
          />
          {t('exceptions.showAcknowledged')}
        </label>
        <button type="button" onClick={() => void load()} disabled={loading}>
          {t('exceptions.refresh')}
        </button>
      </div>
      <p className="muted">{t('exceptions.intro')}</p>
      <InlineError message={error} />
      {exceptions.length === 0 && !loading && !error ? (
        <p className="muted" data-testid="exceptions-none">
          {t('exceptions.none')}
        </p>
      ) : (
        <table className="lot-table exceptions-table">
          <thead>
            <tr>
              <th scope="col">{t('exceptions.when')}</th>
              <th scope="col">{t('exceptions.what')}</th>
              <th scope="col">{t('exceptions.events')}</th>
              <th scope="col">{t('exceptions.photos')}</th>
              <th scope="col">
                <span className="sr-only">{t('exceptions.acknowledge')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {exceptions.map((x) => (
              <tr key={x.id} data-testid={`exception-${x.kind}`}>
                <td>{formatWhen(x.at)}</td>
                <td>{describeException(t, x)}</td>
                <td>{x.seqs.map((seq) => `#${seq}`).join(', ')}</td>
                <td>
                  <div className="exceptions-photos">
                    {x.photoIds.slice(0, PHOTOS_SHOWN).map((id) => (
                      <Photo key={id} photoId={id} alt={x.subject} className="thumb" />
                    ))}
                  </div>
                </td>
                <td>
                  {x.acknowledgement ? (
                    t('exceptions.acknowledgedBy', {
                      by: x.acknowledgement.by,
                      note: x.acknowledgement.note,
                    })
                  ) : (
                    <button type="button" onClick={() => setAcknowledging(x)}>
                      {t('exceptions.acknowledge')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {acknowledging && (
        <AcknowledgeDialog exception={acknowledging} onClose={() => setAcknowledging(null)} />
      )}
    </section>
  );
}

function AcknowledgeDialog({
  exception,
  onClose,
}: {
  exception: ExceptionView;
  onClose: () => void;
}) {
  const t = useT();
  const acknowledge = useExceptionsStore((s) => s.acknowledge);
  return (
    <ReasonDialog
      title={t('exceptions.acknowledgeTitle', { what: describeException(t, exception) })}
      confirmLabel={t('exceptions.acknowledge')}
      approvalFor="exceptions:acknowledge"
      onClose={onClose}
      onSubmit={async (note) => {
        await acknowledge(exception.id, note);
        toast('ok', t('exceptions.acknowledgedToast'));
      }}
    />
  );
}

/** One line saying what the rule saw, with the figures it saw it by. */
export function describeException(t: Translate, x: ExceptionView): string {
  const d = (name: string): string => String(x.detail[name] ?? '');
  const n = (name: string): number => Number(x.detail[name] ?? 0);
  switch (x.kind) {
    case 'gate-without-transaction':
      return t('exceptions.kind.gateWithoutTransaction', {
        lane: x.subject,
        operator: d('operator'),
      });
    case 'double-entry':
      return t('exceptions.kind.doubleEntry', { plate: d('plate') });
    case 'exit-without-entry':
      return t('exceptions.kind.exitWithoutEntry', { plate: d('plate'), lane: d('lane') });
    case 'repeated-lost-tickets':
      return t('exceptions.kind.repeatedLostTickets', {
        plate: d('plate'),
        count: n('count'),
        days: n('days'),
      });
    case 'overstay':
      return t('exceptions.kind.overstay', { plate: d('plate'), hours: n('hours') });
    case 'void-rate':
    case 'refund-rate':
    case 'nil-payment-rate': {
      const key = RATE_KEYS[x.kind];
      return t(key, { cashier: x.subject, percent: n('percent'), payments: n('payments') });
    }
    case 'cash-variance': {
      const variance = n('varianceMinor');
      const amount = `${variance > 0 ? '+' : ''}${money(variance, d('currency'))}`;
      return t('exceptions.kind.cashVariance', { cashier: x.subject, amount });
    }
    case 'lookalike-exit-read':
      return t('exceptions.kind.lookalikeExitRead', {
        exitPlate: d('exitPlate'),
        entryPlate: d('entryPlate'),
      });
    case 'arrival-anomaly': {
      const params = {
        zone: x.subject,
        // The zone's entry lanes (an event from before they were named has none).
        lanes: d('lanes') || '?',
        actual: n('actual'),
        hours: n('hours'),
        from: formatWhen(x.at),
        expected: n('expected'),
      };
      return d('side') === 'high'
        ? t('exceptions.kind.arrivalAnomalyHigh', params)
        : t('exceptions.kind.arrivalAnomalyLow', params);
    }
    case 'pump-silent':
      return t('exceptions.kind.pumpSilent', {
        pump: n('pump'),
        lane: d('lane'),
        hours: n('hours'),
        from: formatWhen(x.at),
        expected: n('expected'),
      });
  }
}

const RATE_KEYS = {
  'void-rate': 'exceptions.kind.voidRate',
  'refund-rate': 'exceptions.kind.refundRate',
  'nil-payment-rate': 'exceptions.kind.nilPaymentRate',
} as const;
