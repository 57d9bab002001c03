import type { ApiDoc } from './api-doc';
import type { Clock } from './clock';
import type { EtokenSigner } from './etokens';
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
  /** Signs the e-tokens of bookings made in the operator's (demo) app. */
  etokens: EtokenSigner;
}
