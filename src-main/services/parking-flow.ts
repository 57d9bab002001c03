import type { LaneOutcome, ParkingSession } from '../../src-shared';
import { normalizePlate, quoteSession, reentryBasis, StationError } from '../../src-shared';
import type { GateService } from './gate-service';
import { newId } from './ids';
import type { LaneRuntime } from './lane-runtime';
import type { StationContext } from './station-context';
import { KeyedLock } from './keyed-lock';

export interface LaneRead {
  plate: string;
  confidence: number;
  source: 'camera' | 'manual';
  photoId: string | null;
  cropPhotoId?: string | null;
  alternates?: string[];
}

/**
 * The booth's core flow: a read at an entry lane opens a session (if the zone has space),
 * a read at an exit lane lets a paid car out. Anything the lane cannot settle becomes an
 * alert for the cashier.
 */
export class ParkingFlow {
  private readonly zoneLock = new KeyedLock();

  constructor(
    private readonly ctx: StationContext,
    private readonly gates: GateService,
    private readonly minConfidence: number,
  ) {}

  async handleRead(laneId: string, read: LaneRead): Promise<LaneOutcome> {
    const lane = this.ctx.lane(laneId);
    const checked = normalizePlate(read.plate);
    if (read.source === 'manual' && !checked.ok) {
      throw new StationError('INVALID_PAYLOAD', checked.message, [
        { path: 'plate', message: checked.message },
      ]);
    }
    const plate = checked.ok ? checked.plate : read.plate.toUpperCase().slice(0, 16);
    lane.setRead({
      plate,
      confidence: read.confidence,
      source: read.source,
      at: this.ctx.now(),
      photoId: read.photoId,
    });
    if (!checked.ok || (read.source === 'camera' && read.confidence < this.minConfidence)) {
      // A doubtful read never opens a gate by itself.
      const alertId = this.raiseAlert(lane, 'low-confidence-read', plate, read);
      lane.say('Please wait: the cashier is checking your plate', 'warn');
      return { kind: 'needs-confirmation', alertId };
    }
    return lane.config.direction === 'entry'
      ? this.zoneLock.run(lane.config.zoneId, () => this.enter(lane, plate, read.photoId))
      : this.exit(lane, plate, read.photoId);
  }

  private async enter(
    lane: LaneRuntime,
    plate: string,
    photoId: string | null,
  ): Promise<LaneOutcome> {
    const { repos } = this.ctx;
    const zone = this.ctx.zone(lane.config.zoneId);
    const inside = repos.sessions.inLotByLookalike(zone.id, plate).find((s) => s.plate === plate);
    if (inside) {
      lane.say(`${plate} is already inside: see the cashier`, 'warn');
      return { kind: 'already-inside', sessionId: inside.id };
    }
    if (repos.sessions.countInLot(zone.id) >= zone.capacity) {
      lane.say('Parking full', 'error');
      return { kind: 'full', zoneId: zone.id };
    }
    const tariff = this.ctx.tariff(zone.tariffId);
    const now = this.ctx.now();
    const sessionId = newId('S', now);
    const gate = await this.gates.openOrThrow(lane, 'entry', sessionId);
    const basis = reentryBasis(repos.sessions.lastByPlate(plate), tariff, now);
    const session: ParkingSession = {
      id: sessionId,
      plate,
      zoneId: zone.id,
      tariffId: tariff.id,
      entryLaneId: lane.id,
      entryAt: basis?.entryAt ?? now,
      entryPhotoId: photoId,
      state: 'open',
      paidMinor: basis?.paidMinor ?? 0,
      exitBy: basis?.exitBy ?? null,
      exitAt: null,
      exitLaneId: null,
      exitPhotoId: null,
      lostTicket: false,
      continuesSessionId: basis?.continuesSessionId ?? null,
    };
    repos.sessions.insert(session);
    lane.say(basis ? `Welcome back ${plate}` : `Welcome ${plate}`, 'ok');
    this.ctx.sessionChanged(session.id, 'entered');
    this.ctx.publishOccupancy(zone.id);
    return { kind: 'entered', sessionId: session.id, gate: gate.state };
  }

  private async exit(
    lane: LaneRuntime,
    plate: string,
    photoId: string | null,
  ): Promise<LaneOutcome> {
    const candidates = this.ctx.repos.sessions.inLotByLookalike(lane.config.zoneId, plate);
    const session =
      candidates.find((s) => s.plate === plate) ??
      (candidates.length === 1 ? candidates[0] : undefined);
    if (!session) {
      const alertId = this.raiseAlert(lane, 'no-entry-record', plate, { photoId, confidence: 1 });
      lane.say('No entry record: please see the cashier', 'error');
      return { kind: 'no-record', alertId };
    }
    return this.exitSession(lane, session, photoId, 'exit');
  }

  /** Lets a known session out at `lane` if nothing is due; used by reads and by the cashier. */
  async exitSession(
    lane: LaneRuntime,
    session: ParkingSession,
    photoId: string | null,
    cause: string,
  ): Promise<LaneOutcome> {
    const quote = quoteSession(session, this.ctx.tariff(session.tariffId), this.ctx.now());
    if (quote.dueMinor > 0) {
      lane.say('Please pay at the booth', 'warn', quote.dueMinor);
      return { kind: 'unpaid', sessionId: session.id, dueMinor: quote.dueMinor };
    }
    const gate = await this.gates.openOrThrow(lane, cause, session.id);
    this.ctx.repos.sessions.update({
      ...session,
      state: 'closed',
      exitAt: this.ctx.now(),
      exitLaneId: lane.id,
      exitPhotoId: photoId,
    });
    lane.say(`Goodbye ${session.plate}`, 'ok');
    this.ctx.sessionChanged(session.id, 'exited');
    this.ctx.publishOccupancy(session.zoneId);
    return { kind: 'exited', sessionId: session.id, gate: gate.state };
  }

  private raiseAlert(
    lane: LaneRuntime,
    kind: 'no-entry-record' | 'low-confidence-read',
    plate: string,
    read: Pick<LaneRead, 'photoId' | 'cropPhotoId' | 'alternates' | 'confidence'>,
  ): string {
    const alert = {
      id: newId('A', this.ctx.now()),
      kind,
      laneId: lane.id,
      plate,
      photoId: read.photoId,
      cropPhotoId: read.cropPhotoId ?? null,
      confidence: read.confidence,
      alternates: read.alternates ?? [],
      at: this.ctx.now(),
    };
    this.ctx.repos.alerts.insert(alert);
    this.ctx.events.publish('alert:raised', this.ctx.alertView({ ...alert, resolved: false }));
    return alert.id;
  }
}
