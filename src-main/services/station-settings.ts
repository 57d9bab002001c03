import type { Language, OperatorView, StationSettingsView } from '../../src-shared';
import { isLanguage } from '../../src-shared';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Publisher, Transact } from './ports';

export interface StationSettingsDeps {
  settings: SettingsRepository;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
  events: Publisher;
  /** The configuration's language (station.json `site.language`), until a manager picks one. */
  defaultLanguage: Language;
}

const LANGUAGE_KEY = 'ui.language';

/** The console's language as stored (a manager's choice), else the configuration's. */
export function consoleLanguage(settings: Pick<SettingsRepository, 'get'>, byDefault: Language) {
  const stored = settings.get(LANGUAGE_KEY);
  return isLanguage(stored) ? stored : byDefault;
}

/**
 * Settings a manager changes at the console; for now the console's language. It is one
 * setting for the station, not a choice each operator makes for their session: a booth's
 * screens are shared by the shifts, the sign-in and lock screens must speak it before anyone
 * is signed in, and a cashier at a Romanian site works in the site's language. So it lives in
 * the database (it outlives restarts), a change is journaled with who made it, and every
 * console hears it at once.
 */
export class StationSettings {
  constructor(private readonly d: StationSettingsDeps) {}

  language(): Language {
    return consoleLanguage(this.d.settings, this.d.defaultLanguage);
  }

  view(): StationSettingsView {
    return { language: this.language() };
  }

  /** The same language again changes and journals nothing. */
  setLanguage(language: Language, actor: OperatorView): StationSettingsView {
    const from = this.language();
    if (from === language) return this.view();
    const at = this.d.clock();
    this.d.transact(() => {
      this.d.settings.set(LANGUAGE_KEY, language);
      this.d.journal.append(
        {
          type: 'settings.changed',
          aggregateId: LANGUAGE_KEY,
          actor: actor.name,
          payload: { setting: LANGUAGE_KEY, from, to: language },
        },
        at,
      );
    });
    const view = this.view();
    this.d.events.publish('settings:changed', view);
    return view;
  }
}
