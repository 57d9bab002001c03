import { useState } from 'react';
import type { LaneView } from '../../src-shared';
import { formatConfidence, money } from '../format';
import { describeOutcome, gateStateKey } from '../lane-outcome';
import { useT } from '../stores/i18n-store';
import { useLanesStore } from '../stores/lanes-store';
import { useOperatorStore } from '../stores/operator-store';
import { useCurrency } from '../stores/status-store';
import { toast } from '../stores/toast-store';
import { payForSession } from '../workflows';
import { LaneRoiDialog, roiStyle } from './LaneRoiDialog';
import { ManualEntryForm } from './ManualEntryForm';
import { ReasonDialog } from './ReasonDialog';

/** The lane's message, with its amount when the text does not already carry it. */
function messageText(message: LaneView['message'], currency: string): string {
  if (!message) return '';
  if (message.amountMinor === undefined) return message.text;
  const amount = money(message.amountMinor, currency);
  return message.text.includes(amount) ? message.text : `${message.text} ${amount}`;
}

export function LaneCard({ lane }: { lane: LaneView }) {
  const t = useT();
  const frame = useLanesStore((s) => s.frames[lane.id]);
  const outcome = useLanesStore((s) => s.outcomes[lane.id]);
  const busy = useLanesStore((s) => s.busy[lane.id] ?? false);
  const trigger = useLanesStore((s) => s.trigger);
  const openGate = useLanesStore((s) => s.openGate);
  const currency = useCurrency();
  const [askingGate, setAskingGate] = useState(false);
  const [editingRoi, setEditingRoi] = useState(false);
  const isManager = useOperatorStore((s) => s.operator?.role === 'manager');
  const id = lane.id;
  const read = lane.lastRead;

  return (
    <article className="lane-card" data-testid={`lane-${id}`} aria-label={lane.name}>
      <header className="lane-head">
        <h2>{lane.name}</h2>
        <span className={`direction direction-${lane.direction}`}>
          {lane.direction === 'entry' ? t('lanes.entry') : t('lanes.exit')}
        </span>
      </header>
      <div className="lane-frame-wrap">
        {frame ? (
          <img className="lane-frame" src={frame} alt={t('lanes.cameraAt', { lane: lane.name })} />
        ) : (
          <div className="lane-frame photo-empty">{t('lanes.noPicture')}</div>
        )}
        {lane.roi && (
          <div
            className="lane-roi"
            style={roiStyle(lane.roi)}
            data-testid={`lane-${id}-roi`}
            title={t('lanes.roi.edit')}
          />
        )}
      </div>
      <dl className="lane-facts">
        <div>
          <dt>{t('common.plate')}</dt>
          <dd>
            <span className="plate" data-testid={`lane-${id}-plate`}>
              {read?.plate ?? '—'}
            </span>
            {read && (
              <span className="muted">
                {' '}
                {read.source === 'manual' ? t('lanes.typed') : formatConfidence(read.confidence)}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('lanes.gate')}</dt>
          <dd>
            <span className={`gate gate-${lane.gateState}`} data-testid={`lane-${id}-gate`}>
              {t(gateStateKey[lane.gateState])}
            </span>
          </dd>
        </div>
      </dl>
      <p
        className={`lane-message tone-${lane.message?.tone ?? 'info'}`}
        data-testid={`lane-${id}-message`}
        aria-live="polite"
      >
        {messageText(lane.message, currency)}
      </p>
      {outcome && (
        <div className="lane-outcome">
          <span>{t('lanes.lastResult', { outcome: describeOutcome(outcome, currency) })}</span>
          {outcome.kind === 'unpaid' && (
            <button type="button" onClick={() => void payForSession(outcome.sessionId)}>
              {t('lanes.takePayment')}
            </button>
          )}
        </div>
      )}
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void trigger(id)}>
          {t('lanes.trigger')}
        </button>
        <button type="button" onClick={() => setAskingGate(true)}>
          {t('lanes.openGate')}
        </button>
        {isManager && (
          <button type="button" onClick={() => setEditingRoi(true)}>
            {t('lanes.roi.edit')}
          </button>
        )}
      </div>
      <ManualEntryForm laneId={id} disabled={busy} />
      {editingRoi && (
        <LaneRoiDialog lane={lane} frame={frame} onClose={() => setEditingRoi(false)} />
      )}
      {askingGate && (
        <ReasonDialog
          title={t('lanes.openGateTitle', { lane: lane.name })}
          confirmLabel={t('lanes.openGate')}
          onClose={() => setAskingGate(false)}
          onSubmit={async (reason) => {
            await openGate(id, reason);
            toast('ok', t('lanes.gateOpening', { lane: lane.name }));
          }}
        >
          <p>{t('lanes.openGateBody')}</p>
        </ReasonDialog>
      )}
    </article>
  );
}
