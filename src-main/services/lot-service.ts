import type { LotEntry, OperatorView, ParkingSession } from '../../src-shared';
import { normalizePlate, quoteSession, StationError } from '../../src-shared';
import type { StationContext } from './station-context';

const MINUTE = 60_000;

/** The manager's view of the lot and the overrides on it; every override is audited with a reason. */
export class LotService {
  constructor(private readonly ctx: StationContext) {}

  list(): LotEntry[] {
    const now = this.ctx.now();
    const out: LotEntry[] = [];
    for (const zone of this.ctx.zones.values()) {
      for (const session of this.ctx.repos.sessions.listInLot(zone.id)) {
        const quote = quoteSession(session, this.ctx.tariff(session.tariffId), now);
        out.push({ session, feeSoFarMinor: quote.feeTotalMinor, dueMinor: quote.dueMinor });
      }
    }
    return out.sort((a, b) => b.session.entryAt - a.session.entryAt);
  }

  correctPlate(
    sessionId: string,
    rawPlate: string,
    reason: string,
    actor: OperatorView,
  ): ParkingSession {
    const checked = normalizePlate(rawPlate);
    if (!checked.ok) {
      throw new StationError('INVALID_PAYLOAD', checked.message, [
        { path: 'plate', message: checked.message },
      ]);
    }
    const session = this.inLot(sessionId);
    const updated = { ...session, plate: checked.plate };
    this.audited(
      actor,
      'plate-correction',
      session.id,
      reason,
      { from: session.plate, to: checked.plate },
      () => this.ctx.repos.sessions.update(updated),
    );
    return updated;
  }

  markPaid(sessionId: string, reason: string, actor: OperatorView): ParkingSession {
    const session = this.inLot(sessionId);
    const tariff = this.ctx.tariff(session.tariffId);
    const now = this.ctx.now();
    const waived = quoteSession(session, tariff, now).dueMinor;
    const updated: ParkingSession = {
      ...session,
      state: 'paid',
      exitBy: now + tariff.exitGraceMinutes * MINUTE,
    };
    this.audited(
      actor,
      'mark-paid',
      session.id,
      reason,
      { waivedMinor: waived, currency: tariff.currency },
      () => this.ctx.repos.sessions.update(updated),
    );
    return updated;
  }

  /** Removes a paid car that is no longer there (e.g. it left while the exit camera was down). */
  deleteRecord(sessionId: string, reason: string, actor: OperatorView): ParkingSession {
    const session = this.inLot(sessionId);
    if (session.state !== 'paid') {
      throw new StationError(
        'CONFLICT',
        'Only a paid record can be deleted; take payment or mark it paid first.',
      );
    }
    const updated: ParkingSession = { ...session, state: 'deleted', exitAt: this.ctx.now() };
    this.audited(actor, 'delete-record', session.id, reason, { plate: session.plate }, () =>
      this.ctx.repos.sessions.update(updated),
    );
    this.ctx.publishOccupancy(session.zoneId);
    return updated;
  }

  private inLot(sessionId: string): ParkingSession {
    const session = this.ctx.repos.sessions.get(sessionId);
    if (!session || (session.state !== 'open' && session.state !== 'paid')) {
      throw new StationError('NOT_FOUND', 'No such car in the lot.');
    }
    return session;
  }

  /** The change and its audit entry commit together, or neither does. */
  private audited(
    actor: OperatorView,
    action: string,
    subject: string,
    reason: string,
    detail: Record<string, unknown>,
    change: () => void,
  ): void {
    const { repos } = this.ctx;
    repos.db.transaction(() => {
      change();
      repos.audit.append({ actor: actor.name, action, subject, reason, detail });
    })();
    this.ctx.sessionChanged(subject, action);
  }
}
