import type { ChartQuery, DemandCharts } from '../../src-shared/contract/charts';
import { ChartQueries } from '../charts/chart-queries';
import { ChartRollups } from '../charts/chart-rollups';
import { RollupStore } from '../charts/rollup-store';
import type { Db } from '../db/database';
import type { JournalReader } from '../journal/journal';
import type { Logger } from '../platform/logger';
import type { Transact } from '../services/ports';

/** How often the chart rollups read what the journal gained (they catch up at each query too). */
const ROLLUP_MS = 2000;

export interface Charts {
  rollups: ChartRollups;
  /** Every chart's series over the range, with every event committed before the call in it. */
  demand(q: ChartQuery): DemandCharts;
  /** Catches up on what landed while the station was stopped, then follows on a timer. */
  start(): void;
  stop(): void;
}

/** The managers' demand charts, wired from the station's parts (issue 11). */
export function createCharts(d: {
  db: Db;
  journal: Pick<JournalReader, 'since'>;
  transact: Transact;
  timeZone: string;
  log: Logger;
}): Charts {
  const rollups = new ChartRollups({
    journal: d.journal,
    store: new RollupStore(d.db),
    transact: d.transact,
    timeZone: d.timeZone,
  });
  const queries = new ChartQueries(d.db, d.timeZone);
  return {
    rollups,
    demand(q) {
      rollups.catchUp();
      return queries.all(q);
    },
    start() {
      rollups.start(ROLLUP_MS, (err) => d.log.warn('chart rollups failed', { err: String(err) }));
    },
    stop() {
      rollups.stop();
    },
  };
}
