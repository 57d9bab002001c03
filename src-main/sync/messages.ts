import type { MessageRepository } from '../db/repositories/message-repository';
import type { Clock } from '../platform/clock';
import type { Transact } from '../services/ports';
import { failure, type TokenSource } from './tokens';
import type { Transport } from './transport';
import { messageStatus } from './wire';

export interface MessageSenderDeps {
  messages: MessageRepository;
  transport: Transport;
  tokens: TokenSource;
  transact: Transact;
  clock: Clock;
}

const BATCH = 50;

/**
 * Hands queued SMS requests to the operator (the console never sends SMS itself). Each
 * message's id is its idempotency key, so a request whose answer was lost is simply sent again.
 * A request the server refuses as wrong (400, 409) is marked failed with its reason, never
 * retried forever; delivery receipts come back through the pull.
 */
export class MessageSender {
  constructor(private readonly d: MessageSenderDeps) {}

  /** Sends up to a batch; true while more wait. Throws SyncError when the server can't answer. */
  async step(): Promise<boolean> {
    const batch = this.d.messages.pending(BATCH);
    for (const m of batch) {
      for (let attempt = 0; ; attempt++) {
        const token = await this.d.tokens.access();
        const outcome = await this.d.transport.post('/v1/messages', m.body, token);
        if (outcome.kind === 'answer' && outcome.status === 202) {
          const parsed = messageStatus.safeParse(outcome.data);
          const s = parsed.success ? parsed.data : null;
          this.d.transact(() =>
            this.d.messages.setStatus(
              m.id,
              s?.status ?? 'queued',
              s?.detail ?? null,
              this.d.clock(),
            ),
          );
          break;
        }
        if (outcome.kind === 'answer' && outcome.status === 401 && attempt === 0) {
          this.d.tokens.expire();
          continue;
        }
        if (outcome.kind === 'answer' && (outcome.status === 400 || outcome.status === 409)) {
          const detail = (outcome.data as { detail?: unknown } | null)?.detail;
          this.d.transact(() =>
            this.d.messages.setStatus(
              m.id,
              'failed',
              `refused by the server: ${typeof detail === 'string' ? detail : outcome.status}`,
              this.d.clock(),
            ),
          );
          break;
        }
        throw failure(outcome, 'message request');
      }
    }
    return batch.length === BATCH;
  }
}
