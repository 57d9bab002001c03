import type { LaneRoi, LaneView, OperatorView } from '../../src-shared';
import { formatRoi, isWholeFrame, normaliseRoi } from '../../src-shared';
import { laneRoi } from '../../src-shared/contract/views';
import type { SettingsRepository } from '../db/repositories/settings-repository';
import type { JournalWriter } from '../journal/journal';
import type { Clock } from '../platform/clock';
import type { Transact } from './ports';
import type { SiteCatalog } from './site-catalog';

export interface LaneRoisDeps {
  settings: SettingsRepository;
  site: SiteCatalog;
  journal: JournalWriter;
  transact: Transact;
  clock: Clock;
}

const keyOf = (laneId: string): string => `lane.roi.${laneId}`;

/** The lane's stored region of interest; null when none (or a stored value no longer valid). */
export function storedLaneRoi(
  settings: Pick<SettingsRepository, 'get'>,
  laneId: string,
): LaneRoi | null {
  const parsed = laneRoi.safeParse(settings.get(keyOf(laneId)));
  return parsed.success ? parsed.data : null;
}

/**
 * Each lane's region of interest (issue 12): the part of its camera frame the plate reader
 * searches, drawn by the installer on the live lane view. A booth camera looks at one lane, so
 * the ROI keeps the reader off the next lane's cars and gives a small plate more of the
 * detector's pixels. Kept in the database (per lane), journaled with who set it, and carried on
 * the lane's view, which every console hears (lane:updated).
 */
export class LaneRois {
  constructor(private readonly d: LaneRoisDeps) {}

  /** null (or a rectangle covering the whole frame) clears it; the same ROI again changes nothing. */
  set(laneId: string, roi: LaneRoi | null, actor: OperatorView): LaneView {
    const lane = this.d.site.lane(laneId);
    const next = roi && !isWholeFrame(roi) ? normaliseRoi(roi) : null;
    const from = formatRoi(lane.view.roi);
    const to = formatRoi(next);
    if (from === to) return { ...lane.view };
    const at = this.d.clock();
    this.d.transact(() => {
      this.d.settings.set(keyOf(laneId), next);
      this.d.journal.append(
        {
          type: 'settings.changed',
          aggregateId: keyOf(laneId),
          actor: actor.name,
          payload: { setting: 'lane.roi', lane: laneId, from, to },
        },
        at,
      );
    });
    lane.setRoi(next);
    return { ...lane.view };
  }
}
