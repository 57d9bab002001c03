/**
 * The sale state machine: a SALE is sent once, a missing reply is settled by bounded status
 * queries with doubling waits, and every path ends in exactly one outcome.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  advance,
  startCharge,
  type ChargeEvent,
  type ChargeState,
  type ChargeStep,
  type RecoveryPolicy,
} from '../../../src-main/devices/terminal/charge-recovery';
import type { TerminalResult } from '../../../src-main/devices/terminal/ecr-messages';
import { prng } from '../../support/random';

const request = { amount: 1250, currency: 'RON', reference: 'R-1' };
const policy: RecoveryPolicy = { statusAttempts: 4, backoffMs: 100, maxBackoffMs: 300 };
const approved: TerminalResult = {
  state: 'approved',
  amount: 1250,
  currency: 'RON',
  authCode: 'A00001',
  cardBrand: 'VISA',
  maskedPan: '411111******1111',
};

/** Feeds the events in order; returns every step taken (the first is the start's). */
function run(events: ChargeEvent[]): ChargeStep[] {
  let { state, step } = startCharge(request);
  const steps: ChargeStep[] = [step];
  for (const event of events) {
    ({ state, step } = advance(state, event, policy));
    steps.push(step);
    if (step.kind === 'finish') break;
  }
  return steps;
}

const unanswered = (detail = 'no reply'): ChargeEvent => ({ kind: 'sale-unanswered', detail });
const status = (result: TerminalResult): ChargeEvent => ({ kind: 'status-answered', result });
const silence: ChargeEvent = { kind: 'status-unanswered', detail: 'no STAT reply within 50 ms' };

describe('charge recovery', () => {
  it("starts by sending the sale and finishes on the terminal's answer to it", () => {
    assert.deepEqual(run([])[0], { kind: 'send-sale' });
    assert.deepEqual(run([{ kind: 'sale-answered', result: approved }]).at(-1), {
      kind: 'finish',
      outcome: { kind: 'approved', reference: 'R-1', ...approvedFields() },
    });
    assert.deepEqual(
      run([
        {
          kind: 'sale-answered',
          result: { state: 'declined', code: '51', reason: 'insufficient funds' },
        },
      ]).at(-1),
      {
        kind: 'finish',
        outcome: { kind: 'declined', reference: 'R-1', code: '51', reason: 'insufficient funds' },
      },
    );
    assert.deepEqual(run([{ kind: 'sale-answered', result: { state: 'cancelled' } }]).at(-1), {
      kind: 'finish',
      outcome: { kind: 'cancelled', reference: 'R-1' },
    });
  });

  it('settles a missing reply by querying the status, never by sending the sale again', () => {
    const steps = run([unanswered(), silence, status({ state: 'in-progress' }), status(approved)]);
    assert.deepEqual(
      steps.map((s) => (s.kind === 'query-status' ? `query after ${s.afterMs}` : s.kind)),
      ['send-sale', 'query after 100', 'query after 200', 'query after 300', 'finish'],
    );
    assert.deepEqual(steps.at(-1), {
      kind: 'finish',
      outcome: { kind: 'approved', reference: 'R-1', ...approvedFields() },
    });
  });

  it('takes "no such sale" from the status query as nothing charged', () => {
    assert.deepEqual(run([unanswered(), status({ state: 'not-found' })]).at(-1), {
      kind: 'finish',
      outcome: {
        kind: 'declined',
        reference: 'R-1',
        code: 'NOT_RECEIVED',
        reason: 'the terminal has no sale with this reference: nothing was charged',
      },
    });
    // An answer to the SALE itself that settles nothing leads to a query too.
    assert.equal(
      run([{ kind: 'sale-answered', result: { state: 'not-found' } }]).at(-1)?.kind,
      'query-status',
    );
  });

  it('gives up as unknown after the bounded number of queries, saying why', () => {
    const steps = run([
      unanswered('sale not delivered'),
      silence,
      silence,
      silence,
      silence,
      silence,
    ]);
    assert.equal(steps.filter((s) => s.kind === 'query-status').length, policy.statusAttempts);
    const last = steps.at(-1);
    assert.equal(last?.kind, 'finish');
    assert.deepEqual(last.kind === 'finish' && last.outcome, {
      kind: 'unknown',
      reference: 'R-1',
      detail: 'no final answer after 4 status queries: no STAT reply within 50 ms',
    });
    const busy = run([unanswered(), ...Array(4).fill(status({ state: 'in-progress' }))]).at(-1);
    assert.match(
      busy?.kind === 'finish' && busy.outcome.kind === 'unknown' ? busy.outcome.detail : '',
      /still in progress/,
    );
  });

  it('refuses a second sale event, and a status event before the sale', () => {
    const { state } = startCharge(request);
    assert.throws(() => advance(state, silence, policy), /before the sale/);
    const sent = advance(state, unanswered(), policy).state;
    assert.throws(() => advance(sent, unanswered(), policy), /sent once/);
  });

  it('ends every random run in one outcome, within the bounds, with the sale sent once', () => {
    const random = prng(9);
    const results: TerminalResult[] = [
      approved,
      { state: 'cancelled' },
      { state: 'in-progress' },
      { state: 'not-found' },
    ];
    for (let i = 0; i < 2000; i++) {
      let { state, step }: { state: ChargeState; step: ChargeStep } = startCharge(request);
      let sends = 0;
      let queries = 0;
      while (step.kind !== 'finish') {
        let event: ChargeEvent;
        if (step.kind === 'send-sale') {
          sends++;
          event =
            random() < 0.5
              ? unanswered()
              : { kind: 'sale-answered', result: results[Math.floor(random() * 4)]! };
        } else {
          queries++;
          assert.ok(step.afterMs >= policy.backoffMs && step.afterMs <= policy.maxBackoffMs);
          event = random() < 0.4 ? silence : status(results[Math.floor(random() * 4)]!);
        }
        ({ state, step } = advance(state, event, policy));
      }
      assert.equal(sends, 1);
      assert.ok(queries <= policy.statusAttempts);
    }
  });
});

function approvedFields() {
  return {
    amount: 1250,
    currency: 'RON',
    authCode: 'A00001',
    cardBrand: 'VISA',
    maskedPan: '411111******1111',
  };
}
