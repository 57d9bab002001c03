/**
 * Phone numbers as a member is looked up by them: E.164-ish, a '+', the country calling code
 * and the number, digits only ("+40722123456"). What people type varies: spaces, dashes, dots
 * and brackets go; "00" in front is the international prefix; a number starting with a single
 * "0" is national and takes the site's calling code (Romania: 40).
 */
export function normalisePhone(raw: string, callingCode: string | null): string | null {
  const text = raw.trim().replace(/[\s\-.()/]/g, '');
  let digits: string;
  if (text.startsWith('+')) digits = text.slice(1);
  else if (text.startsWith('00')) digits = text.slice(2);
  else if (text.startsWith('0') && callingCode) digits = callingCode + text.slice(1);
  else return null;
  // E.164: at most 15 digits; fewer than 8 is no subscriber number anywhere.
  return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
}

/** The calling codes of the sites' regions this station knows (from the site's locale). */
const CALLING_CODES: Record<string, string> = {
  RO: '40',
  MD: '373',
  GB: '44',
  DE: '49',
  FR: '33',
  IT: '39',
  ES: '34',
  HU: '36',
  BG: '359',
  PL: '48',
  IN: '91',
  US: '1',
};

/** The calling code for a locale such as "ro-RO", or null when its region is not known. */
export function callingCodeFor(locale: string): string | null {
  const region = locale.split('-')[1]?.toUpperCase();
  return (region && CALLING_CODES[region]) || null;
}
