import type {
  LaneOutcome,
  ParkingSession,
  PlainKey,
  PlateCover,
  QuoteView,
  StoredAlert,
} from '../../src-shared';
import {
  entriesHeld,
  normalizePlate,
  newParkingSession,
  plateCover,
  quoteSession,
  readIsConfident,
  reentryBasis,
  refused,
  refusedAs,
} from '../../src-shared';
import type { AlertRepository } from '../db/repositories/event-repositories';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { JournalWriter } from '../journal/journal';
import type { Connectivity } from '../sync/sync-service';
import type { AlertViews } from './alert-views';
import type { AppPaymentSettlement } from './app-payment-settlement';
import type { GateService } from './gate-service';
import { newId } from './ids';
import { KeyedLock } from './keyed-lock';
import type { LaneRuntime, LaneText } from './lane-runtime';
import type { Occupancy } from './occupancy';
import type { PlateRules } from './plate-rules';
import type { Clock } from '../platform/clock';
import type { Publisher, Transact } from './ports';
import type { SiteCatalog } from './site-catalog';

export interface LaneRead {
  plate: string;
  confidence: number;
  source: 'camera' | 'manual';
  photoId: string | null;
  cropPhotoId?: string | null;
  alternates?: string[];
  /** Who read it: 'station' for the camera, the operator's name for a typed plate. */
  actor: string;
}

export interface ParkingFlowDeps {
  sessions: SessionRepository;
  alerts: AlertRepository;
  journal: JournalWriter;
  transact: Transact;
  site: SiteCatalog;
  gates: GateService;
  occupancy: Occupancy;
  alertViews: AlertViews;
  events: Publisher;
  clock: Clock;
  /** A camera read below this never opens a gate by itself; the cashier confirms it. */
  minConfidence: number;
  /** Settles an unpaid stay at the exit with a payment made in the operator's app. */
  appPayments: Pick<AppPaymentSettlement, 'settle'>;
  /** Whether the operator's server answers, and the site's policy while it does not. */
  connectivity: Connectivity;
  /** The operator's permits and plate lists as last pulled (online or not). */
  plateRules: PlateRules;
  /**
   * Bookings: a confident read at an entry lane checks in the plate's booking whose check-in
   * window is open (services/booking-intake.ts). Never throws; the lane goes on as usual.
   */
  bookingArrivals?: { plateRead(read: { laneId: string; plate: string; at: number }): void };
}

/** Runs in the transaction that lets a car in or out, after its barrier opened. */
type AlsoCommit = (at: number) => void;

/** What covered a stay, in words: "Season permit", "Whitelisted". */
function coverKey(cover: PlateCover): PlainKey {
  return cover.source === 'whitelist' ? 'cover.whitelist' : (`cover.${cover.kind}` as PlainKey);
}

/** The cashier's (or a manager's) say-so that lets a held car in. */
export interface Admission {
  /** Runs with the new stay (e.g. resolving the alert that held the car). */
  alsoCommit: AlsoCommit;
  /** A manager overrides the operator's blacklisting; otherwise a blacklisted car stays out. */
  overridesBlacklist: boolean;
}

/**
 * The booth's core flow: a read at an entry lane opens a session (if the zone has space),
 * a read at an exit lane lets a paid car out. Anything the lane cannot settle becomes an
 * alert for the cashier. Every change commits with its journal event.
 */
export class ParkingFlow {
  private readonly zoneLock = new KeyedLock();

  constructor(private readonly d: ParkingFlowDeps) {}

  async handleRead(laneId: string, read: LaneRead): Promise<LaneOutcome> {
    const lane = this.d.site.lane(laneId);
    const checked = normalizePlate(read.plate);
    if (read.source === 'manual' && !checked.ok) {
      throw refusedAs('INVALID_PAYLOAD', checked.text).at('plate');
    }
    const plate = checked.ok ? checked.plate : read.plate.toUpperCase().slice(0, 16);
    const at = this.d.clock();
    const { journal, transact } = this.d;
    transact(() =>
      journal.append(
        {
          type: 'plate.read',
          aggregateId: lane.id,
          actor: read.actor,
          payload: {
            plate,
            confidence: read.confidence,
            source: read.source,
            photoId: read.photoId,
          },
        },
        at,
      ),
    );
    lane.setRead({
      plate,
      confidence: read.confidence,
      source: read.source,
      at,
      photoId: read.photoId,
    });
    const sure = { wellFormed: checked.ok, source: read.source, confidence: read.confidence };
    if (!readIsConfident(sure, this.d.minConfidence)) {
      // A doubtful read never opens a gate by itself.
      const alertId = this.raiseAlert(lane, 'low-confidence-read', plate, read);
      lane.say((t) => t('laneMsg.checkingPlate'), 'warn');
      return { kind: 'needs-confirmation', alertId };
    }
    if (lane.config.direction === 'entry') {
      this.d.bookingArrivals?.plateRead({ laneId: lane.id, plate, at });
    }
    return lane.config.direction === 'entry'
      ? this.zoneLock.run(lane.config.zoneId, () => this.enter(lane, plate, read))
      : this.exit(lane, plate, read);
  }

  /**
   * The cashier lets in a car held at the entry (an offline policy, or a blacklisting a manager
   * overrides); `admission.alsoCommit` (resolving the alert) commits with the new stay.
   */
  async admit(
    laneId: string,
    plate: string,
    photoId: string | null,
    actor: string,
    admission: Admission,
  ): Promise<LaneOutcome> {
    const lane = this.d.site.lane(laneId);
    const read: LaneRead = { plate, confidence: 1, source: 'manual', photoId, actor };
    return this.zoneLock.run(lane.config.zoneId, () =>
      this.enter(lane, plate, read, { admitted: admission }),
    );
  }

  private async enter(
    lane: LaneRuntime,
    plate: string,
    read: LaneRead,
    opts: { admitted?: Admission } = {},
  ): Promise<LaneOutcome> {
    const { sessions, site } = this.d;
    const zone = site.zone(lane.config.zoneId);
    const inside = sessions.inLotByLookalike(zone.id, plate).find((s) => s.plate === plate);
    if (inside) {
      lane.say((t) => t('laneMsg.alreadyInside', { plate }), 'warn');
      return { kind: 'already-inside', sessionId: inside.id };
    }
    if (sessions.countInLot(zone.id) >= zone.capacity) {
      lane.say((t) => t('laneMsg.full'), 'error');
      return { kind: 'full', zoneId: zone.id };
    }
    const listEntry = this.d.plateRules.listEntry(plate, this.d.clock());
    if (listEntry?.list === 'blacklist' && !opts.admitted?.overridesBlacklist) {
      if (opts.admitted) {
        throw refused('CONFLICT', 'refusal.blacklisted', { plate, reason: listEntry.reason });
      }
      // The operator keeps this plate out: the cashier refuses it, or a manager lets it in.
      const alertId = this.raiseAlert(
        lane,
        'entry-blacklisted',
        plate,
        { ...read, confidence: 1 },
        listEntry.reason,
      );
      lane.say((t) => t('laneMsg.seeCashier'), 'warn');
      return { kind: 'held-blacklisted', alertId };
    }
    const { connectivity } = this.d;
    if (
      !opts.admitted &&
      entriesHeld({ offline: connectivity.offline(), policy: connectivity.policy() })
    ) {
      const alertId = this.raiseAlert(lane, 'entry-held-offline', plate, {
        ...read,
        confidence: 1,
      });
      lane.say((t) => t('laneMsg.offlineWait'), 'warn');
      return { kind: 'held-offline', alertId };
    }
    const tariff = site.tariff(zone.tariffId);
    const now = this.d.clock();
    const sessionId = newId('S', now);
    const gate = await this.d.gates.openOrThrow(lane, 'entry', sessionId, read.actor);
    const reentry = reentryBasis(sessions.lastByPlate(plate), tariff, now);
    // Noted at the entry; what counts is the cover in force at the exit (see exitSession).
    const cover = this.coverFor(plate, zone.id, now);
    const session = newParkingSession({
      id: sessionId,
      plate,
      zoneId: zone.id,
      tariffId: tariff.id,
      entryLaneId: lane.id,
      entryAt: now,
      entryPhotoId: read.photoId,
      reentry,
    });
    this.d.transact(() => {
      this.open(session, read.actor, now, cover);
      opts.admitted?.alsoCommit(now);
    });
    lane.say((t) => {
      if (!cover) return t(reentry ? 'laneMsg.welcomeBack' : 'laneMsg.welcome', { plate });
      const key = reentry ? 'laneMsg.coveredWelcomeBack' : 'laneMsg.coveredWelcome';
      return t(key, { cover: t(coverKey(cover)), plate });
    }, 'ok');
    this.d.events.publish('session:changed', { sessionId, change: 'entered' });
    this.d.occupancy.publish(zone.id);
    return { kind: 'entered', sessionId, gate: gate.state };
  }

  /**
   * Writes a new stay and its journal event (with the permit or whitelist entry in force at the
   * entry, if any); call inside the caller's transaction.
   */
  open(session: ParkingSession, actor: string, at: number, coveredBy: PlateCover | null = null) {
    this.d.sessions.insert(session);
    this.d.journal.append(
      {
        type: 'session.opened',
        aggregateId: session.id,
        actor,
        payload: {
          plate: session.plate,
          zoneId: session.zoneId,
          laneId: session.entryLaneId,
          entryAt: session.entryAt,
          photoId: session.entryPhotoId,
          continuesSessionId: session.continuesSessionId,
          lostTicket: session.lostTicket,
          coveredBy,
        },
      },
      at,
    );
  }

  private async exit(lane: LaneRuntime, plate: string, read: LaneRead): Promise<LaneOutcome> {
    const candidates = this.d.sessions.inLotByLookalike(lane.config.zoneId, plate);
    const session =
      candidates.find((s) => s.plate === plate) ??
      (candidates.length === 1 ? candidates[0] : undefined);
    if (!session) {
      const alertId = this.raiseAlert(lane, 'no-entry-record', plate, { ...read, confidence: 1 });
      lane.say((t) => t('laneMsg.noEntryRecord'), 'error');
      return { kind: 'no-record', alertId };
    }
    return this.exitSession(lane, session, read.photoId, 'exit', read.actor);
  }

  /**
   * Lets a known session out at `lane` if nothing is due; used by reads and by the cashier.
   * `alsoCommit` runs in the same transaction as the session's close (e.g. resolving the
   * alert that asked for it), and only once the barrier has opened.
   */
  async exitSession(
    lane: LaneRuntime,
    session: ParkingSession,
    photoId: string | null,
    cause: string,
    actor: string,
    alsoCommit?: AlsoCommit,
  ): Promise<LaneOutcome> {
    const quote = quoteSession(session, this.d.site.tariff(session.tariffId), this.d.clock());
    // A permit for the zone (or a whitelist entry) in force at the exit read: nothing is owed,
    // however long the stay. One that lapsed before the exit covers nothing (the tariff applies
    // to the whole stay). A stay that owes nothing anyway leaves as usual.
    const cover =
      quote.dueMinor > 0 ? this.coverFor(session.plate, session.zoneId, quote.at) : null;
    if (cover) {
      return this.release(lane, session, photoId, `${cause}, ${cover.source}`, actor, {
        alsoCommit: (at) => {
          this.coveredEvent(session, cover, quote, actor, at);
          alsoCommit?.(at);
        },
        goodbye: (t) =>
          t('laneMsg.coveredGoodbye', { cover: t(coverKey(cover)), plate: session.plate }),
      });
    }
    if (quote.dueMinor > 0) {
      // Paid in the operator's app? Settled as a cash payment would be, then out as usual.
      const app = this.d.appPayments.settle(session, quote, actor);
      if (app.kind === 'settled') {
        this.d.events.publish('session:changed', { sessionId: session.id, change: 'paid' });
        return this.release(lane, app.session, photoId, `${cause}, paid in app`, actor, {
          alsoCommit,
          goodbye: (t) =>
            t('laneMsg.paidInApp', { reference: app.payment.reference, plate: session.plate }),
        });
      }
      const money = (m: number) => this.d.site.format.money(m, quote.currency);
      lane.say(
        (t) =>
          app.kind === 'short'
            ? t('laneMsg.appShort', {
                reference: app.payment.reference,
                short: money(app.shortMinor),
                due: money(quote.dueMinor),
              })
            : t('laneMsg.payAtBooth'),
        'warn',
        quote.dueMinor,
      );
      return { kind: 'unpaid', sessionId: session.id, dueMinor: quote.dueMinor };
    }
    return this.release(lane, session, photoId, cause, actor, { alsoCommit });
  }

  /**
   * Payment is impossible and the car leaves with money due (the caller checked the policy and
   * who asked): the barrier opens, then the stay closes with `alsoCommit` (the unable-to-collect
   * event) in one transaction.
   */
  async letOutUnpaid(
    lane: LaneRuntime,
    session: ParkingSession,
    actor: string,
    alsoCommit: AlsoCommit,
  ): Promise<LaneOutcome> {
    return this.release(lane, session, session.exitPhotoId, 'unable to collect', actor, {
      alsoCommit,
      goodbye: (t) => t('laneMsg.goodbye', { plate: session.plate }),
    });
  }

  /** Opens the barrier; once it is open, the stay closes (with `alsoCommit`) in one transaction. */
  private async release(
    lane: LaneRuntime,
    session: ParkingSession,
    photoId: string | null,
    cause: string,
    actor: string,
    opts: { alsoCommit?: AlsoCommit; goodbye?: LaneText },
  ): Promise<LaneOutcome> {
    const { sessions, journal, transact, clock } = this.d;
    const gate = await this.d.gates.openOrThrow(lane, cause, session.id, actor);
    const at = clock();
    transact(() => {
      sessions.update({
        ...session,
        state: 'closed',
        exitAt: at,
        exitLaneId: lane.id,
        exitPhotoId: photoId,
      });
      journal.append(
        {
          type: 'session.closed',
          aggregateId: session.id,
          actor,
          payload: { laneId: lane.id, exitAt: at, photoId, cause },
        },
        at,
      );
      opts.alsoCommit?.(at);
    });
    lane.say(opts.goodbye ?? ((t) => t('laneMsg.goodbye', { plate: session.plate })), 'ok');
    this.d.events.publish('session:changed', { sessionId: session.id, change: 'exited' });
    this.d.occupancy.publish(session.zoneId);
    return { kind: 'exited', sessionId: session.id, gate: gate.state };
  }

  /** What covers the plate's stay in `zoneId` at `at`: a permit, the whitelist, or nothing. */
  private coverFor(plate: string, zoneId: string, at: number): PlateCover | null {
    const { plateRules } = this.d;
    return plateCover(plateRules.permitFor(plate, zoneId, at), plateRules.listEntry(plate, at));
  }

  /** Journals what covered a stay at its exit; call in the close's transaction. */
  private coveredEvent(
    session: ParkingSession,
    cover: PlateCover,
    quote: QuoteView,
    actor: string,
    at: number,
  ): void {
    this.d.journal.append(
      {
        type: 'session.coveredByPermit',
        aggregateId: session.id,
        actor,
        payload: {
          ...cover,
          plate: session.plate,
          waivedMinor: quote.dueMinor,
          currency: quote.currency,
        },
      },
      at,
    );
  }

  private raiseAlert(
    lane: LaneRuntime,
    kind: StoredAlert['kind'],
    plate: string,
    read: Pick<LaneRead, 'photoId' | 'cropPhotoId' | 'alternates' | 'confidence' | 'actor'>,
    detail?: string,
  ): string {
    const at = this.d.clock();
    const alert: StoredAlert = {
      id: newId('A', at),
      kind,
      laneId: lane.id,
      plate,
      photoId: read.photoId,
      cropPhotoId: read.cropPhotoId ?? null,
      confidence: read.confidence,
      alternates: read.alternates ?? [],
      at,
      resolved: false,
      ...(detail === undefined ? {} : { detail }),
    };
    this.d.transact(() => {
      this.d.alerts.insert(alert);
      this.d.journal.append(
        {
          type: 'alert.raised',
          aggregateId: alert.id,
          actor: read.actor,
          payload: { kind, laneId: lane.id, plate, confidence: read.confidence },
        },
        at,
      );
    });
    this.d.events.publish('alert:raised', this.d.alertViews.view(alert));
    return alert.id;
  }
}
