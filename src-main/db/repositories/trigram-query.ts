/** Builders for FTS5 trigram queries; every term is quoted, so plate text is never query syntax. */

const quote = (t: string) => `"${t}"`;

function trigramsOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 3 <= text.length; i++) out.push(text.slice(i, i + 3));
  return out;
}

/** Substring match: the whole text as one phrase. */
export function substringQuery(text: string): string {
  return quote(text);
}

/**
 * The text and each of its single-character deletions. Two strings within one edit share one
 * of these, which is what the plate_variants table indexes.
 */
export function deletionVariants(text: string): string[] {
  const out = new Set([text]);
  for (let i = 0; i < text.length; i++) out.add(text.slice(0, i) + text.slice(i + 1));
  return [...out];
}

/** Candidates for larger budgets: any shared trigram (rare: long plates only). */
export function anyTrigramQuery(text: string): string | null {
  const grams = [...new Set(trigramsOf(text))];
  return grams.length ? grams.map(quote).join(' OR ') : null;
}
