import type { SyncStatusView, Tariff } from '../../src-shared';
import type { Repositories } from '../db/repositories';
import type { Journal } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { SecretStore } from '../platform/secret-store';
import type { StationConfig } from '../platform/station-config';
import type { CouponGateway } from '../services/coupon-gateway';
import type { Publisher, QrGateway, Transact } from '../services/ports';
import { MessageScheduler } from './message-scheduler';
import { MessageSender } from './messages';
import { Puller } from './pull';
import { HttpCouponGateway } from './coupon-gateway';
import { HttpQrGateway } from './qr-gateway';
import { Pusher } from './push';
import { ReferenceApplier, type OperatorBookings, type OperatorMembers } from './reference-applier';
import { syncOffStatus, SyncService, type Connectivity } from './sync-service';
import { TokenSource } from './tokens';
import { createTransport } from './transport';

export const DEVICE_SECRET = 'sync.deviceSecret';

/** What the handlers and the lanes see of sync, whether a server is configured or not. */
export interface Sync extends Connectivity {
  status(): SyncStatusView;
  now(): Promise<SyncStatusView>;
  retryHeld(aggregateType: string, aggregateId: string, actor: string): Promise<SyncStatusView>;
  start(): void;
  stop(): Promise<void>;
  /** The operator's QR payments; null for a booth on its own (no server configured). */
  qr: QrGateway | null;
  /** The operator's coupons; null for a booth on its own. */
  coupons: CouponGateway | null;
}

export interface SyncDeps {
  config: StationConfig['sync'];
  stationId: string;
  repos: Pick<
    Repositories,
    'sync' | 'referenceData' | 'messages' | 'sessions' | 'site' | 'bookings'
  >;
  journal: Journal;
  transact: Transact;
  clock: Clock;
  events: Publisher;
  secrets: SecretStore;
  log: Logger;
  useTariff(t: Tariff): void;
  /** Creates due message requests before each message step (the message scheduler). */
  beforeMessages?: () => void;
  /** Where pulled bookings go; without it they are kept as reference data only. */
  bookings?: OperatorBookings;
  /** Where pulled members and vehicles go for the loyalty lookups (in the pull's transaction). */
  members?: OperatorMembers;
}

/** Sync with the operator's server, or a booth on its own when no server is configured. */
export function createSync(d: SyncDeps): Sync {
  const policy = d.config.offlinePolicy;
  if (d.config.deviceSecret) d.secrets.set(DEVICE_SECRET, d.config.deviceSecret);
  // The booth works from the last pulled tariffs, even before the first round.
  for (const r of d.repos.referenceData.ofKind<Tariff>('tariff')) d.useTariff(r.data);
  if (!d.config.serverUrl) {
    return {
      status: () => syncOffStatus(policy),
      now: async () => syncOffStatus(policy),
      retryHeld: async () => syncOffStatus(policy),
      offline: () => false,
      policy: () => policy,
      start: () => undefined,
      stop: async () => undefined,
      qr: null,
      coupons: null,
    };
  }
  const transport = createTransport(d.config.serverUrl, d.config.requestTimeoutSeconds * 1000);
  const tokens = new TokenSource(
    transport,
    () => {
      const deviceSecret = d.secrets.get(DEVICE_SECRET);
      return deviceSecret ? { stationId: d.stationId, deviceSecret } : null;
    },
    d.clock,
  );
  const common = { transport, tokens, transact: d.transact, clock: d.clock };
  const service = new SyncService({
    pusher: new Pusher({
      ...common,
      journal: d.journal,
      sync: d.repos.sync,
      batchSize: d.config.batchSize,
    }),
    puller: new Puller({
      ...common,
      sync: d.repos.sync,
      pageSize: d.config.pullPageSize,
      applier: new ReferenceApplier({
        referenceData: d.repos.referenceData,
        messages: d.repos.messages,
        journal: d.journal,
        useTariff: d.useTariff,
        bookings: d.bookings,
        members: d.members,
      }),
    }),
    sender: new MessageSender({ ...common, messages: d.repos.messages }),
    journal: d.journal,
    journalWriter: d.journal,
    sync: d.repos.sync,
    messages: d.repos.messages,
    transact: d.transact,
    clock: d.clock,
    events: d.events,
    log: d.log,
    serverUrl: d.config.serverUrl,
    offlinePolicy: policy,
    intervalMs: d.config.intervalSeconds * 1000,
    maxBackoffMs: d.config.maxBackoffSeconds * 1000,
    beforeMessages: d.beforeMessages ?? scheduleMessages(d),
  });
  return {
    status: () => service.status(),
    now: () => service.now(),
    retryHeld: (type, id, actor) => service.retryHeld(type, id, actor),
    offline: () => service.offline(),
    policy: () => policy,
    start: () => service.start(),
    qr: new HttpQrGateway(transport, tokens),
    coupons: new HttpCouponGateway(transport, tokens),
    async stop() {
      await service.stop();
      transport.close();
    },
  };
}

/** The message scheduler as the round's hook: queues the SMS requests that are due. */
function scheduleMessages(d: SyncDeps): () => void {
  const scheduler = new MessageScheduler({
    sessions: d.repos.sessions,
    referenceData: d.repos.referenceData,
    messages: d.repos.messages,
    journal: d.journal,
    transact: d.transact,
    clock: d.clock,
    bookings: d.repos.bookings,
    // As the booth bills: a pulled tariff replaces the configured one of the same id.
    tariff: (id) =>
      d.repos.referenceData.get<Tariff>('tariff', id)?.data ??
      d.repos.site.tariffs().find((t) => t.id === id) ??
      null,
  });
  return () => void scheduler.run();
}
