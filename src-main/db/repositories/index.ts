import type { Db } from '../database';
import { AuditRepository } from './audit-repository';
import {
  AlertRepository,
  GateEventRepository,
  OperatorRepository,
  PhotoRepository,
} from './event-repositories';
import { IdempotencyRepository } from './idempotency-repository';
import { PaymentRepository } from './payment-repository';
import { PlateSearch } from './plate-search';
import { SessionRepository } from './session-repository';
import { SiteRepository } from './site-repository';

export type Repositories = ReturnType<typeof createRepositories>;

export function createRepositories(db: Db) {
  const sessions = new SessionRepository(db);
  return {
    db,
    sessions,
    plateSearch: new PlateSearch(db, sessions),
    payments: new PaymentRepository(db),
    idempotency: new IdempotencyRepository(db),
    site: new SiteRepository(db),
    audit: new AuditRepository(db),
    alerts: new AlertRepository(db),
    gateEvents: new GateEventRepository(db),
    photos: new PhotoRepository(db),
    operators: new OperatorRepository(db),
  };
}
