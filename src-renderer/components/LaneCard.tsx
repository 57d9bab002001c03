import { useState } from 'react';
import type { LaneView } from '../../src-shared';
import { formatConfidence, money } from '../format';
import { describeOutcome } from '../lane-outcome';
import { useLanesStore } from '../stores/lanes-store';
import { useCurrency } from '../stores/status-store';
import { toast } from '../stores/toast-store';
import { payForSession } from '../workflows';
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
  const frame = useLanesStore((s) => s.frames[lane.id]);
  const outcome = useLanesStore((s) => s.outcomes[lane.id]);
  const busy = useLanesStore((s) => s.busy[lane.id] ?? false);
  const trigger = useLanesStore((s) => s.trigger);
  const openGate = useLanesStore((s) => s.openGate);
  const currency = useCurrency();
  const [askingGate, setAskingGate] = useState(false);
  const id = lane.id;
  const read = lane.lastRead;

  return (
    <article className="lane-card" data-testid={`lane-${id}`} aria-label={lane.name}>
      <header className="lane-head">
        <h2>{lane.name}</h2>
        <span className={`direction direction-${lane.direction}`}>
          {lane.direction === 'entry' ? 'Entry' : 'Exit'}
        </span>
      </header>
      {frame ? (
        <img className="lane-frame" src={frame} alt={`Camera at ${lane.name}`} />
      ) : (
        <div className="lane-frame photo-empty">No camera picture yet</div>
      )}
      <dl className="lane-facts">
        <div>
          <dt>Plate</dt>
          <dd>
            <span className="plate" data-testid={`lane-${id}-plate`}>
              {read?.plate ?? '—'}
            </span>
            {read && (
              <span className="muted">
                {' '}
                {read.source === 'manual' ? 'typed' : formatConfidence(read.confidence)}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Gate</dt>
          <dd>
            <span className={`gate gate-${lane.gateState}`} data-testid={`lane-${id}-gate`}>
              {lane.gateState}
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
          <span>Last result: {describeOutcome(outcome, currency)}</span>
          {outcome.kind === 'unpaid' && (
            <button type="button" onClick={() => void payForSession(outcome.sessionId)}>
              Take payment
            </button>
          )}
        </div>
      )}
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void trigger(id)}>
          Trigger read
        </button>
        <button type="button" onClick={() => setAskingGate(true)}>
          Open gate
        </button>
      </div>
      <ManualEntryForm laneId={id} disabled={busy} />
      {askingGate && (
        <ReasonDialog
          title={`Open gate: ${lane.name}`}
          confirmLabel="Open gate"
          onClose={() => setAskingGate(false)}
          onSubmit={async (reason) => {
            await openGate(id, reason);
            toast('ok', `Gate at ${lane.name} opening.`);
          }}
        >
          <p>The gate opens without a payment or plate record. The reason goes to the journal.</p>
        </ReasonDialog>
      )}
    </article>
  );
}
