import type { QuoteView, SearchCandidate, SessionView } from '../../src-shared';
import { isInLot, normalizePlate, quoteSession, refused, refusedAs } from '../../src-shared';
import type { PlateSearch } from '../db/repositories/plate-search';
import type { SessionRepository } from '../db/repositories/session-repository';
import type { Clock } from '../platform/clock';
import type { CustomerDisplay } from './ports';
import type { SiteCatalog } from './site-catalog';

export interface SessionServiceDeps {
  sessions: SessionRepository;
  plateSearch: PlateSearch;
  site: SiteCatalog;
  clock: Clock;
  /** The pole display: a quote at the booth shows the customer the amount due. */
  display?: CustomerDisplay;
}

/** What the cashier looks up: cars by plate (as typed, misread or partial), and what they owe. */
export class SessionService {
  constructor(private readonly d: SessionServiceDeps) {}

  search(query: string, scope: 'lot' | 'all'): SearchCandidate[] {
    const checked = normalizePlate(query);
    if (!checked.ok) {
      throw refusedAs('INVALID_PAYLOAD', checked.text).at('query');
    }
    return this.d.plateSearch.search(checked.plate, scope);
  }

  get(sessionId: string): SessionView {
    const session = this.d.sessions.get(sessionId);
    if (!session || session.state === 'deleted') {
      throw refused('NOT_FOUND', 'refusal.noSuchSession');
    }
    const tariff = this.d.site.tariff(session.tariffId);
    return {
      ...session,
      quote: isInLot(session) ? quoteSession(session, tariff, this.d.clock()) : null,
    };
  }

  quote(sessionId: string): QuoteView {
    const view = this.get(sessionId);
    if (!view.quote) throw refused('CONFLICT', 'refusal.notInLot');
    if (view.quote.dueMinor > 0) this.d.display?.amountDue(view.quote);
    return view.quote;
  }
}
