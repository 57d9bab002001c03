import type { Permit, PlateListEntry } from '../../src-shared';
import { applicableListEntry, applicablePermit } from '../../src-shared';
import type { ReferenceDataRepository } from '../db/repositories/reference-data-repository';

/** What the lanes ask about a plate's permits and list entries (the rules are the domain's). */
export interface PlateRules {
  /** The permit that lets `plate` park free in `zoneId` at `at`, if any. */
  permitFor(plate: string, zoneId: string, at: number): Permit | null;
  /** The plate's list entry in force at `at` (a blacklisting before a whitelisting). */
  listEntry(plate: string, at: number): PlateListEntry | null;
}

/**
 * PlateRules over the operator's reference data as last pulled (kinds 'permit' and
 * 'plateListEntry'), so the lanes apply them offline as well as online.
 */
export class PulledPlateRules implements PlateRules {
  constructor(private readonly referenceData: Pick<ReferenceDataRepository, 'byPlate'>) {}

  permitFor(plate: string, zoneId: string, at: number): Permit | null {
    const permits = this.referenceData.byPlate<Permit>('permit', plate).map((r) => r.data);
    return applicablePermit(permits, zoneId, at);
  }

  listEntry(plate: string, at: number): PlateListEntry | null {
    const entries = this.referenceData
      .byPlate<PlateListEntry>('plateListEntry', plate)
      .map((r) => r.data);
    return applicableListEntry(entries, at);
  }
}
