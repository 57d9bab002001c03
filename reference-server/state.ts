import type { ApiDoc } from './api-doc';
import type { Clock } from './clock';
import type { Faults } from './faults';
import type { TokenPolicy } from './station-api';
import type { Store } from './store/store';

/** What one running server's station API, admin API and operator page share. */
export interface ServerState {
  opts: {
    adminToken: string;
    faultHeader: boolean;
    autoDeliver: boolean;
    log: (line: string) => void;
    tokens: TokenPolicy;
  };
  store: Store;
  clock: Clock;
  faults: Faults;
  doc: ApiDoc;
}
