import type { EventName, EventPayload } from '../../src-shared';

/**
 * The narrow seams services are built on. Each service takes only the ones it uses, plus the
 * repositories it reads and writes; the composition root (src-main/app/station.ts) wires them.
 */

/** Pushes an event to every renderer; payloads are validated against the contract. */
export interface Publisher {
  publish<E extends EventName>(event: E, payload: EventPayload<E>): void;
}

/**
 * Runs `fn` in one synchronous=FULL SQLite transaction: a business change and its journal event
 * commit together before anyone is told, or neither does.
 */
export type Transact = <T>(fn: () => T) => T;
