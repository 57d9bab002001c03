/** What the station accepts as a new PIN, checked here first so the form can say it at once. */
export function newPinProblem(pin: string, repeated: string): string | null {
  if (!/^\d{6,12}$/.test(pin)) return 'A new PIN is 6 to 12 digits.';
  if (pin !== repeated) return 'The two new PINs differ.';
  return null;
}
