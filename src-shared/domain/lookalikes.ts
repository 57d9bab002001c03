/**
 * The one table of characters that plates and OCR confuse across the letter/digit divide, with
 * how strongly: 1 = near-identical on plates (0/O, 1/I, 8/B …), 0.5 = sometimes (0/D, 0/Q, 1/L).
 * The plate reader swaps along these pairs where a plate format needs the other class; the
 * cashier's search folds letters onto digits with them, so a misread still finds the car.
 */
export const LOOKALIKE_PAIRS: readonly (readonly [
  digit: string,
  letter: string,
  strength: number,
])[] = [
  ['0', 'O', 1],
  ['0', 'D', 0.5],
  ['0', 'Q', 0.5],
  ['1', 'I', 1],
  ['1', 'L', 0.5],
  ['1', 'T', 0.5],
  ['2', 'Z', 1],
  ['4', 'A', 1],
  ['5', 'S', 1],
  ['6', 'G', 1],
  ['7', 'T', 1],
  ['8', 'B', 1],
  ['3', 'B', 0.5],
];

/** Each letter folded onto its strongest digit twin (T → 7, not 1; B → 8, not 3). */
export const FOLD_TO_DIGIT: Readonly<Record<string, string>> = (() => {
  const best = new Map<string, { digit: string; strength: number }>();
  for (const [digit, letter, strength] of LOOKALIKE_PAIRS) {
    const seen = best.get(letter);
    if (!seen || strength > seen.strength) best.set(letter, { digit, strength });
  }
  return Object.fromEntries([...best].map(([letter, { digit }]) => [letter, digit]));
})();
