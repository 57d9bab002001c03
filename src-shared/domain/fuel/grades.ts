/**
 * Fuel grades as a pump lane sells them: an id the pump controller reports (e.g. "diesel"),
 * the name on the receipt, and the unit price in thousandths of the minor unit per litre
 * (./pricing). Pure.
 */
import type { UnitPrice } from './pricing';

export interface FuelGrade {
  /** 1..16 of A-Z a-z 0-9 _ -, starting with a letter or digit, as the pump controller names it. */
  id: string;
  /** For people: the receipt, the lane. */
  name: string;
  unitPrice: UnitPrice;
}

export const GRADE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,15}$/;

/** The grade with `id`, or null. */
export function findGrade(grades: readonly FuelGrade[], id: string): FuelGrade | null {
  return grades.find((g) => g.id === id) ?? null;
}
