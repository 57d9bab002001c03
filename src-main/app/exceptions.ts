import type { Db } from '../db/database';
import { ExceptionRepository } from '../db/repositories/exception-repository';
import { ExceptionConsumer } from '../exceptions/exception-consumer';
import { ExceptionService } from '../exceptions/exception-service';
import type { JournalReader, JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { StationConfig } from '../platform/station-config';
import type { Transact } from '../services/ports';

/** How often the exception rules read what the journal gained (they catch up at each call too). */
const FOLLOW_MS = 2000;

export interface Exceptions {
  consumer: ExceptionConsumer;
  service: ExceptionService;
  start(): void;
  stop(): void;
}

/** The managers' exceptions, wired from the station's parts (issue 11). */
export function createExceptions(d: {
  db: Db;
  journal: Pick<JournalReader, 'since'>;
  /** The elevation writer: a cashier with a manager's approval is named in the event too. */
  writer: JournalWriter;
  transact: Transact;
  thresholds: StationConfig['exceptions'];
  clock: Clock;
  log: Logger;
}): Exceptions {
  const repo = new ExceptionRepository(d.db);
  const consumer = new ExceptionConsumer({
    journal: d.journal,
    repo,
    transact: d.transact,
    thresholds: d.thresholds,
  });
  const service = new ExceptionService({
    consumer,
    repo,
    journal: d.writer,
    transact: d.transact,
    clock: d.clock,
  });
  return {
    consumer,
    service,
    start() {
      consumer.start(FOLLOW_MS, (err) =>
        d.log.warn('exception rules failed', { err: String(err) }),
      );
    },
    stop() {
      consumer.stop();
    },
  };
}
