import type { OperatorView, PrintJobView, PrintState } from '../../src-shared';
import { refused } from '../../src-shared';
import type { PrintJobRepository, WaitingJob } from '../db/repositories/print-job-repository';
import type { ReceiptDocument } from '../devices/printer/receipt-document';
import type { PrintResult, ReceiptPrinter } from '../devices/printer/receipt-printer';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { Publisher, Transact } from './ports';
import { receiptCopy } from './receipt-copy';

/** The printer as the queue uses it: print a job, or just ask how it is. */
export type QueuePrinter = Pick<ReceiptPrinter, 'print' | 'checkStatus'>;

export interface PrintQueueDeps {
  jobs: PrintJobRepository;
  printer: QueuePrinter;
  journal: JournalWriter;
  transact: Transact;
  events: Publisher;
  clock: Clock;
  /** How often the printer's real-time status is polled (and waiting jobs retried). */
  pollMs?: number;
  log?: Pick<Logger, 'error'>;
}

const DEFAULT_POLL_MS = 2000;

/**
 * Prints receipts from the durable queue in print_jobs, one job at a time, oldest first, so a
 * payment never waits on the printer. A job waits (queued) while the printer is not ready
 * (paper out, cover open, off, unplugged) and prints by itself once a status poll finds it
 * ready, after a restart too. Just before a job's first byte goes out it is marked started, in a
 * committed transaction: from then on it is never sent again by the station. If the printer
 * does not confirm it, or the station stops mid-job, it is interrupted and waits for the
 * cashier to reprint it as a COPY or void it.
 */
export class PrintQueue {
  private chain: Promise<void> = Promise.resolve();
  /** A pass asked for and not begun yet: later requests join it instead of queuing another. */
  private pending: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly d: PrintQueueDeps) {}

  /**
   * At start-up, before start(): jobs that had started when the station stopped may have
   * printed in part. They are interrupted and wait for the cashier; jobs that never started
   * stay queued and print when the printer is ready.
   */
  recoverInterrupted(): number {
    const at = this.d.clock();
    return this.d.transact(() => {
      const cut = this.d.jobs.interruptStarted(at);
      for (const job of cut) {
        this.d.journal.append(
          {
            type: 'receipt.interrupted',
            aggregateId: job.receiptId,
            actor: 'station',
            payload: { jobId: job.jobId },
          },
          at,
        );
      }
      return cut.length;
    });
  }

  /** Polls the printer from now on, printing whatever waits whenever it is ready. */
  start(): void {
    if (this.stopped || this.timer) return;
    const tick = () => {
      void this.drain().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.d.pollMs ?? DEFAULT_POLL_MS);
      });
    };
    tick();
  }

  /** Stops polling and waits for the job in hand; what still waits stays queued in the file. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.chain;
  }

  /**
   * One pass over the waiting jobs, after any pass in hand; never rejects. A committed payment
   * calls it without awaiting it: the job is already durable, the printer's answer comes later.
   */
  drain(): Promise<void> {
    if (this.pending) return this.pending;
    const pass = this.chain
      .then(async () => {
        this.pending = null;
        if (!this.stopped) await this.printWaiting();
      })
      // A job whose outcome could not be recorded stays as the file says: a started one is
      // interrupted at the next start, one never started is tried at the next pass.
      .catch((error: unknown) =>
        this.d.log?.error('print queue pass failed', { error: String(error) }),
      );
    this.pending = pass;
    this.chain = pass;
    return pass;
  }

  /**
   * The cashier reprints a receipt as a COPY, in a job of its own that records who asked and
   * why (and so does the journal); any failed or interrupted print of it is settled by the
   * reprint. Waits for one pass of the queue: the answer says whether the copy came out, or why
   * it waits.
   */
  async reprint(
    receiptId: string,
    reason: string,
    operator: OperatorView,
  ): Promise<{ printState: PrintState; detail: string }> {
    const { jobs, journal } = this.d;
    const at = this.d.clock();
    const jobId = this.d.transact(() => {
      if (!jobs.receiptExists(receiptId)) throw refused('NOT_FOUND', 'refusal.noSuchReceipt');
      // A copy beside a receipt still in the queue would give the customer two.
      if (jobs.hasQueuedJob(receiptId)) {
        throw refused('CONFLICT', 'refusal.receiptQueued');
      }
      const job = jobs.queueCopy(receiptId, operator.name, reason, at);
      jobs.settle(receiptId, `reprinted as job ${job} by ${operator.name}`, false, at);
      journal.append(
        {
          type: 'receipt.reprinted',
          aggregateId: receiptId,
          actor: operator.name,
          payload: { jobId: job, reason },
        },
        at,
      );
      return job;
    });
    await this.drain();
    const job = jobs.job(jobId)!;
    return { printState: job.state, detail: job.detail || 'queued for printing' };
  }

  printsNeedingAttention(): PrintJobView[] {
    return this.d.jobs.needingAttention();
  }

  /**
   * Receipts waiting for the printer (paper out, cover open, unplugged): nothing for the
   * cashier to do, they print by themselves; the customer may take a digital receipt instead
   * (and the cashier void the paper one).
   */
  printsWaitingForPrinter(): PrintJobView[] {
    return this.d.jobs.held();
  }

  /**
   * The cashier voids a receipt that never printed: a failed or interrupted job (the customer
   * left, or has it already), or one still waiting for the printer (the customer took the
   * digital receipt instead).
   */
  voidPrint(jobId: number, reason: string, operator: OperatorView): PrintJobView[] {
    const { jobs, journal } = this.d;
    const job = jobs.job(jobId);
    const waiting = job?.state === 'queued' && !job.started;
    const unprinted = job?.state === 'failed' || job?.state === 'interrupted';
    if (!job || job.settled || !(waiting || unprinted)) {
      throw refused('NOT_FOUND', 'refusal.noJob');
    }
    const at = this.d.clock();
    const settlement = `voided by ${operator.name}`;
    this.d.transact(() => {
      // A waiting job is voided only if the queue has not just started it.
      const voided = waiting
        ? jobs.voidWaiting(jobId, settlement, at)
        : jobs.settle(job.receiptId, settlement, true, at) > 0;
      if (!voided) throw refused('CONFLICT', 'refusal.justPrinting');
      journal.append(
        {
          type: 'receipt.voided',
          aggregateId: job.receiptId,
          actor: operator.name,
          payload: { jobId, reason },
        },
        at,
      );
    });
    this.d.events.publish('receipt:printed', {
      jobId,
      receiptId: job.receiptId,
      printState: 'voided',
      detail: settlement,
    });
    return this.printsNeedingAttention();
  }

  private async printWaiting(): Promise<void> {
    const waiting = this.d.jobs.waiting();
    if (waiting.length === 0) {
      // Nothing to print: the poll still asks, so the status strip shows the printer as it is.
      await this.d.printer.checkStatus().catch(() => undefined);
      return;
    }
    for (const [i, job] of waiting.entries()) {
      if (this.stopped) return;
      const outcome = await this.printOne(job);
      if (outcome === 'next') continue;
      // Not ready: every job after it waits for the same reason, without asking again.
      if (outcome.heldFor !== null) {
        for (const later of waiting.slice(i + 1)) this.hold(later, outcome.heldFor);
      }
      return;
    }
  }

  /**
   * Tries one job. 'next': the printer took it (or it was voided meanwhile), go on; otherwise the
   * pass stops, with the printer's reason when it was not ready to take the job at all.
   */
  private async printOne(job: WaitingJob): Promise<'next' | { heldFor: string | null }> {
    const body = job.body as ReceiptDocument;
    const doc = job.copy ? receiptCopy(body, job.receiptNumber) : body;
    let started = false;
    let gone = false;
    let result: PrintResult;
    try {
      result = await this.d.printer.print(doc, {
        beforeSend: () => {
          started = this.d.transact(() => this.d.jobs.markStarted(job.jobId, this.d.clock()));
          gone = !started;
          if (gone) throw new Error('the job no longer waits (voided)');
        },
      });
    } catch (error) {
      result = { ok: false, sent: started, detail: String(error) };
    }
    if (gone) return 'next';
    const detail = result.detail.slice(0, 500);
    if (result.ok) {
      this.finish(job, 'printed', detail, result.printerStatus);
      return 'next';
    }
    if (started) {
      // Some of it may be on paper already: never sent again by the station.
      this.finish(job, 'interrupted', detail, result.printerStatus);
      return { heldFor: null };
    }
    if (result.unprintable) {
      this.finish(job, 'failed', detail, null);
      return 'next';
    }
    const heldFor = result.printerStatus ?? detail;
    this.hold(job, heldFor);
    return { heldFor };
  }

  /** Records a job's end with its journal event, and tells the screen. */
  private finish(
    job: WaitingJob,
    state: 'printed' | 'failed' | 'interrupted',
    detail: string,
    printerStatus: string | undefined | null,
  ): void {
    const at = this.d.clock();
    this.d.transact(() => {
      this.d.jobs.finish(job.jobId, state, detail, printerStatus ?? null, at);
      this.d.journal.append(
        state === 'interrupted'
          ? {
              type: 'receipt.interrupted',
              aggregateId: job.receiptId,
              actor: 'station',
              payload: { jobId: job.jobId },
            }
          : {
              type: 'receipt.printed',
              aggregateId: job.receiptId,
              actor: 'station',
              payload: { jobId: job.jobId, copy: job.copy, state, detail },
            },
        at,
      );
    });
    this.d.events.publish('receipt:printed', {
      jobId: job.jobId,
      receiptId: job.receiptId,
      printState: state,
      detail,
    });
  }

  /** The printer could not take the job, and none of it was sent: it waits for the next poll. */
  private hold(job: WaitingJob, printerStatus: string): void {
    const status = printerStatus.slice(0, 200);
    // Written and told once per reason, not at every poll (each write is a synced commit).
    if (status === job.lastStatus) return;
    const detail = `waiting for the printer: ${status}`;
    this.d.jobs.hold(job.jobId, status, detail, this.d.clock());
    this.d.events.publish('receipt:printed', {
      jobId: job.jobId,
      receiptId: job.receiptId,
      printState: 'queued',
      detail,
    });
  }
}
